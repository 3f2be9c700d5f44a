// Debian's Chromium, launched the way this machine allows (no sandbox as root, no background
// networking: the network is closed). Shared by the config and specs that need their own context.
import { chromium, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLAYWRIGHT_DISABLED_FEATURES } from './chromium-args';

export const launchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic',
		// Chromium 156 loads its omnibox popup (a WebUI page of 200 to 400 modules, in a renderer of its
		// own) in the background at some moment after a page opens: up to 1.7 s of CPU on this 2-core
		// machine, taken from the page under test or under measure (bench:board), which a phone's
		// browser does not do. All four are needed: with fewer, it still came (in 2 to 5 pages of 8,
		// seen in traces); with these, in none of 24.
		`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup', 'PreloadTopChromeWebUI'].join(',')}`
	]
};

/** The running spec's own server (call inside a test or hook). */
export const baseURL = (): string => test.info().project.use.baseURL!;

/** The running spec's own data directory, for `npm run admin` against its server. */
export const dataDir = (): string => test.info().project.metadata.dataDir as string;

/**
 * A profile on disk, like an installed app on a phone: Chromium reports installability only for
 * non-incognito profiles, and the profile keeps IndexedDB and the service worker across pages.
 */
export async function persistentContext(): Promise<{ context: BrowserContext; dispose: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-e2e-'));
	const context = await chromium.launchPersistentContext(dir, {
		...launchOptions,
		baseURL: baseURL(),
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai'
	});
	return {
		context,
		dispose: async () => {
			await context.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
