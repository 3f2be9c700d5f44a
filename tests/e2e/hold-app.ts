// For the specs of the boot frame (issue 11): a phone still loading the app, made deterministic.
import { expect, type Page, type Route } from '@playwright/test';

/**
 * Holds back the app's start module (or another of its modules, `module`) in `page` until the
 * returned function is called.
 */
export async function holdApp(page: Page, module: string | ((url: URL) => boolean) = '**/_app/immutable/entry/start.*.js'): Promise<() => void> {
	let release!: () => void;
	const released = new Promise<void>((r) => (release = r));
	await page.unrouteAll({ behavior: 'ignoreErrors' });
	await page.route(module, async (route: Route) => {
		await released;
		await route.continue();
	});
	return release;
}

/**
 * The modules a start at a station's ledger needs beyond the app shell's: those the last one kept
 * (src/lib/device/boot-modules.ts, once its first view was complete) that the shell does not name.
 * Held, the router has begun but the ledger's route cannot load.
 */
export async function ledgerRouteModules(page: Page): Promise<string[]> {
	const shell = await (await page.request.get('/')).text();
	const kept = () => page.evaluate(() => (JSON.parse(localStorage.getItem('yixian:boot-modules') ?? 'null')?.pages?.['/station/:id'] ?? []) as string[]);
	let modules: string[] = [];
	await expect.poll(async () => (modules = (await kept()).filter((m) => !shell.includes(`"${m}"`))).length).toBeGreaterThan(0);
	return modules;
}
