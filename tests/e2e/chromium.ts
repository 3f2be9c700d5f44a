// Debian's Chromium, launched the way this machine allows (no sandbox as root, no background
// networking: the network is closed). Shared by the config and specs that need their own context.
import { chromium, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const launchOptions = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic'
	]
};

/** The first spec's server port; each spec file gets the next one (playwright.config.ts). */
export const basePort = Number(process.env.E2E_PORT ?? 4173);

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
