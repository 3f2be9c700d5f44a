import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FROM, PAUSE_CODE, shellYield } from './shell-yield';

const require = createRequire(import.meta.url);
const client = join(dirname(require.resolve('@sveltejs/kit/package.json')), 'src/runtime/client/client.js');
type Hook = (this: unknown, ...args: string[]) => { code: string } | string | null;
const hook = (name: 'transform' | 'resolveId' | 'load') => shellYield()[name] as unknown as Hook;

/** Whether evaluating `code` as a module lets a timer set before it run first (it ended a task). */
async function endsATask(code: string): Promise<boolean> {
	const order: string[] = [];
	setTimeout(() => order.push('a task'), 0);
	await import(`data:text/javascript,${encodeURIComponent(code)}#${Math.random()}`);
	order.push('evaluated');
	return order[0] === 'a task';
}

describe('the app shell evaluated in three tasks (issue 11)', () => {
	afterEach(() => {
		delete (globalThis as { window?: unknown }).window;
	});

	it("puts a pause right after SvelteKit's client imports Svelte, and the build would fail without that import", () => {
		const source = readFileSync(client, 'utf8');
		const patched = hook('transform').call(null, source, client) as { code: string };
		expect(patched.code).toContain(`${FROM.trimEnd()} import 'yixian:pause-after-svelte';\n`);
		expect(patched.code.split('\n').length).toBe(source.split('\n').length);
		expect(hook('transform').call(null, source, '/x/node_modules/other/client.js')).toBeNull();
		expect(() => hook('transform').call(null, source.replace(FROM, ''), client)).toThrow(/no longer imports svelte/);
		expect(hook('load').call(null, hook('resolveId').call(null, 'yixian:pause-after-svelte') as string)).toBe(PAUSE_CODE);
	});

	it('the pause ends a task in the browser, and does nothing on the server', async () => {
		expect(await endsATask(PAUSE_CODE)).toBe(false);
		(globalThis as { window?: unknown }).window = {};
		expect(await endsATask(PAUSE_CODE)).toBe(true);
		expect(await endsATask('export {};')).toBe(false);
	});

	it("has the root layout import the other pause first, before the app's own modules", () => {
		const layout = readFileSync('src/routes/+layout.svelte', 'utf8');
		expect(layout.match(/^\s*import\s.*$/m)?.[0].trim()).toBe("import '$lib/boot-yield';");
		expect(readFileSync('src/lib/boot-yield.ts', 'utf8')).toContain("if (typeof window !== 'undefined') await new Promise");
	});
});
