// The Chromium features Playwright turns off, named again by tests/e2e/chromium-args.ts (to turn off
// one more, the list must be given whole): the same list as the installed Playwright's, so that an
// upgrade of Playwright that changes it is seen here rather than as a browser that behaves otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAYWRIGHT_DISABLED_FEATURES } from './e2e/chromium-args';

/** The `disabledFeatures` array of Playwright's chromiumSwitches, read from its bundle. */
function playwrightList(): string[] {
	const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
	const bundle = readFileSync(join(root, 'lib/coreBundle.js'), 'utf8');
	const list = /disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/.exec(bundle)?.[1];
	if (!list) throw new Error("Playwright's list of disabled features was not found: look again at tests/e2e/chromium-args.ts");
	return [...list.replace(/\/\/.*$/gm, '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

describe('the Chromium features the tests and benches turn off', () => {
	it("are Playwright's own, all of them", () => {
		expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual(playwrightList().sort());
	});
});
