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

/** Kills the browser and opens the station again on the same profile. */
async function killAndReopen(ms: number) {
	await sleep(ms);
	await phone.kill();
	phone = await launchKillable(profile.dir);
	await phone.page.goto(stationUrl);
	await expectLedger(phone.page);
	// The rows may first be painted from the projection (written after the document, and not
	// awaited): count what the document holds, once it is loaded.
	await expect.poll(() => phone.page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBeGreaterThan(0);
}

test('creates a station on this phone', async () => {
	const { page } = phone;
	stationUrl = await createStation(page, '长青社区', '西关街道', `${baseURL()}/`);
	await expect(page.getByTestId('ledger-count')).toBeVisible();
});

/**
 * Taps 保存 (or 保存并再记一条) and kills the browser `ms` after the tap (`from: 'tap'`) or after the
 * app said "saved" — navigated back to the ledger, or showed 已记入台账 (`from: 'saved'`). Reopens
 * and answers whether the app had said "saved" before the kill and whether the entry is there.
 * Only an entry the app said was saved must survive; a draft killed before that may go.
 */
async function tapThenKill(button: string, content: string, ms: number, from: 'tap' | 'saved'): Promise<{ said: boolean; kept: boolean }> {
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
	await killAndReopen(0);
	const kept = (await phone.page.getByRole('listitem').filter({ hasText: content }).count()) > 0;
	return { said: saidBeforeKill, kept };
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
		for (let i = 0; i < KILLS; i++) {
			const ms = delay(i);
			const result = await tapThenKill(button, `${button} 后被杀 ${i}`, ms, from);
			if (result.said) said++;
			if (from === 'saved' && !result.said) lost.push(`the app never said saved (${i})`);
			else if (result.said && !result.kept) lost.push(`killed ${ms} ms after ${after}: lost`);
		}
		console.log(`${button}, killed after ${after}: the app had said saved before ${said} of ${KILLS} kills; lost ${lost.length}`);
		expect(lost).toEqual([]);
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
