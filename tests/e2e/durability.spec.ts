// "Saved" means on disk: the browser is killed (SIGKILL, whole process group) 0–50 ms after the app
// said an entry was saved, or the page reloaded right after a burst of saves, and nothing is lost.
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { launchKillable, profileDir, type Killable } from './killable';
import { createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

/** Kills per path; the delays spread evenly over 0–50 ms. */
const KILLS = 20;

let profile: ReturnType<typeof profileDir>;
let phone: Killable;
let stationUrl = '';
const STATION = '长青社区';
const STREET = '西关街道';

test.beforeAll(async () => {
	profile = profileDir();
	phone = await launchKillable(profile.dir);
});

test.afterAll(async () => {
	await phone?.kill();
	profile?.remove();
});

const delay = (i: number) => Math.round((i * 50) / (KILLS - 1));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ledgerCount(page: Page): Promise<number> {
	const text = (await page.getByTestId('ledger-count').textContent()) ?? '';
	return Number(/\/\s*(\d+)/.exec(text)?.[1] ?? NaN);
}

/** Waits for the ledger; if it never shows, fails with the page's address and the start of its text. */
async function expectLedger(page: Page) {
	try {
		await expect(page.getByTestId('ledger-count')).toBeVisible();
	} catch (error) {
		const text = await page.evaluate(() => document.body?.innerText.slice(0, 400)).catch((e) => `(no text: ${e})`);
		// What the device holds: its databases, the station rows, and the app's marker of its stations.
		const device = await page
			.evaluate(async () => {
				const names = (await indexedDB.databases()).map((d) => `${d.name}@${d.version}`);
				const rows = await new Promise<string>((resolve) => {
					const open = indexedDB.open('yixian-device');
					open.onerror = () => resolve(`(open failed: ${open.error})`);
					open.onsuccess = () => {
						const db = open.result;
						if (!db.objectStoreNames.contains('stations')) return resolve('(no stations store)');
						const all = db.transaction('stations').objectStore('stations').getAll();
						all.onsuccess = () => resolve(JSON.stringify(all.result.map((r: { id: string; name: string }) => [r.id, r.name])));
						all.onerror = () => resolve(`(read failed: ${all.error})`);
					};
				});
				return { names, rows, marker: localStorage.getItem('yixian:device') };
			})
			.catch((e) => `(no device state: ${e})`);
		throw new Error(`the ledger never showed at ${page.url()}; the page showed: ${JSON.stringify(text)}; the device held: ${JSON.stringify(device)}\n${error}`);
	}
}

/**
 * Kills the browser and opens the station again on the same profile. Answers false when the
 * browser found its IndexedDB corrupt at the start and deleted it (Chromium's own recovery, which
 * it logs: every database of the origin goes, whatever the app wrote; seen here after about one
 * kill in 120). Nothing of the app's is tested then: the spec makes the station again and goes on.
 * (Whether the app says so is wipe.spec.ts's: here the app's marker in localStorage, which
 * Chromium writes to disk up to seconds late, may not have outlived the kill.)
 */
async function killAndReopen(ms: number): Promise<boolean> {
	await sleep(ms);
	await phone.kill();
	phone = await launchKillable(profile.dir);
	const page = phone.page;
	await page.goto(stationUrl);
	await page.getByTestId('ledger-count').or(page.getByText('本机没有这个驻点')).first().waitFor().catch(() => {});
	if (phone.deletedCorruptIndexedDb()) {
		stationUrl = await createStation(page, STATION, STREET, `${baseURL()}/`);
		return false;
	}
	await expectLedger(page);
	// The rows may first be painted from the projection (written after the document, and not
	// awaited): count what the document holds, once it is loaded.
	await expect.poll(() => page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBeGreaterThan(0);
	return true;
}

test('creates a station on this phone', async () => {
	const { page } = phone;
	stationUrl = await createStation(page, STATION, STREET, `${baseURL()}/`);
	await expect(page.getByTestId('ledger-count')).toBeVisible();
});

/**
 * Taps 保存 (or 保存并再记一条) and kills the browser `ms` after the tap (`from: 'tap'`) or after the
 * app said "saved" — navigated back to the ledger, or showed 已记入台账 (`from: 'saved'`). Reopens
 * and answers whether the app had said "saved" before the kill, whether the entry is there, and
 * whether the browser had deleted its IndexedDB (nothing to ask of the app then).
 * Only an entry the app said was saved must survive; a draft killed before that may go.
 */
async function tapThenKill(button: string, content: string, ms: number, from: 'tap' | 'saved'): Promise<{ said: boolean; kept: boolean; browserDeleted: boolean }> {
	const page = phone.page;
	await page.goto(`${stationUrl}/new`);
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	let said = false;
	page.on('framenavigated', (frame) => frame === page.mainFrame() && frame.url() === stationUrl && (said = true));
	await page.exposeFunction('__saidSaved', () => (said = true)).catch(() => {});
	await page.evaluate(() => {
		const seen = () => document.body.innerText.includes('已记入台账') && (window as unknown as { __saidSaved: () => void }).__saidSaved();
		new MutationObserver(seen).observe(document.body, { childList: true, subtree: true, characterData: true });
	});
	await page.getByRole('button', { name: button, exact: true }).click({ noWaitAfter: true });
	if (from === 'saved') for (let waited = 0; !said && waited < 10_000; waited += 2) await sleep(2);
	await sleep(ms);
	const saidBeforeKill = said;
	if (!(await killAndReopen(0))) return { said: saidBeforeKill, kept: false, browserDeleted: true };
	const kept = (await phone.page.getByRole('listitem').filter({ hasText: content }).count()) > 0;
	return { said: saidBeforeKill, kept, browserDeleted: false };
}

for (const [button, from] of [
	['保存并再记一条', 'tap'],
	['保存', 'saved']
] as const) {
	const after = from === 'tap' ? 'the tap' : 'the app said saved';
	test(`an entry the app said was saved (${button}) survives the browser killed 0–50 ms after ${after} (${KILLS} kills)`, async () => {
		test.setTimeout(KILLS * 20_000);
		const lost: string[] = [];
		let said = 0;
		let browserDeleted = 0;
		for (let i = 0; i < KILLS; i++) {
			const ms = delay(i);
			const result = await tapThenKill(button, `${button} 后被杀 ${i}`, ms, from);
			if (result.said) said++;
			if (result.browserDeleted) browserDeleted++;
			else if (from === 'saved' && !result.said) lost.push(`the app never said saved (${i})`);
			else if (result.said && !result.kept) lost.push(`killed ${ms} ms after ${after}: lost`);
		}
		console.log(`${button}, killed after ${after}: the app had said saved before ${said} of ${KILLS} kills; lost ${lost.length}; the browser deleted its corrupt IndexedDB after ${browserDeleted}`);
		expect(lost).toEqual([]);
		// Each kill the browser's loss stands for tests nothing of the app's: so few may be excused.
		expect(browserDeleted, 'kills after which the browser deleted its IndexedDB').toBeLessThanOrEqual(KILLS / 5);
	});
}

test('a reload right after a burst of saves loses nothing (5 bursts of 8)', async () => {
	test.setTimeout(120_000);
	const page = phone.page;
	let expected = await ledgerCount(page);
	const lost: string[] = [];
	for (let burst = 0; burst < 5; burst++) {
		await page.goto(`${stationUrl}/new`);
		for (let i = 0; i < 8; i++) {
			await page.getByLabel('问题内容').fill(`连续记录 ${burst}-${i}`);
			await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
			await page.getByRole('button', { name: '保存并再记一条' }).click();
			await expect(page.getByLabel('问题内容')).toHaveValue('');
		}
		expected += 8;
		await page.goto(stationUrl);
		await expect(page.getByTestId('ledger-count')).toBeVisible();
		const count = await ledgerCount(page);
		if (count < expected) {
			lost.push(`burst ${burst}: ${expected - count} lost`);
			expected = count;
		}
	}
	expect(lost).toEqual([]);
});
