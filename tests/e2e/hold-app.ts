// For the specs of the boot frame (issue 11): a phone still loading the app, made deterministic.
import type { Page, Route } from '@playwright/test';

/**
 * Holds back the app's start module (or another of its modules, `module`) in `page` until the
 * returned function is called.
 */
export async function holdApp(page: Page, module = '**/_app/immutable/entry/start.*.js'): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	await page.route(module, async (route: Route) => {
		await released;
		await route.continue();
	});
	return release;
}
