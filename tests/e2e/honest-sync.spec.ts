// What a cadre's phone says about sync is true, as a cadre on a phone meets it: a station made on
// the phone (never given to the server) is 仅本机, not "waiting to upload", and erasing it still asks;
// with the app open twice, neither says 已同步 while the other's change sits unsent on the phone; a
// screen that cannot open offline says why and leads back.
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { addEntry, createStation } from './new-station';
import { createTeam, signedIn, signIn, syncState } from './team-world';

test.describe.configure({ mode: 'serial' });

const team = {
	password: 'honest-pass-2024',
	street: '南关街道',
	station: '春风社区',
	office: { phone: '13900000009', name: '一线办' },
	cadre: { phone: '13900000001', name: '郑干部' },
	assistant: { phone: '13900000002', name: '孙助理' }
};
const PHONE = { width: 412, height: 915 };

let page: Page;
let stationUrl = '';

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and a sign-in, on a loaded machine
	createTeam(team);
	page = await signedIn(browser, team.cadre, team.password, { viewport: PHONE });
	await page.getByRole('link', { name: new RegExp(team.station) }).click();
	await expect(page).toHaveURL(/\/station\/[0-9a-z]+$/);
	stationUrl = page.url();
	await expect(syncState(page)).toHaveText('同步状态:已同步');
});

test.afterAll(async () => {
	await page?.context().close();
});

test('a station made on the phone is 仅本机: its entries are not counted as waiting to upload, and erasing it still asks', async () => {
	await createStation(page, '本机驻点');
	await expect(page).toHaveURL(/\/station\/[0-9a-z]+$/);
	await addEntry(page, page.url(), '本机问题一');
	// Nothing of the team's station is unsent: the bar says so, with no count that never goes down.
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	await page.goto('/');
	await expect(page.getByRole('listitem').filter({ hasText: '本机驻点' }).getByTestId('sync-state')).toHaveText('同步状态:仅本机');
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	// Also counted from the device after a restart (its board not opened on this page).
	await page.goto('/settings');
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	await page.getByRole('button', { name: '退出登录' }).click();
	await expect(page.getByTestId('signout-unsent')).toHaveCount(0);
	await expect(page.getByRole('button', { name: '等待上传完成' })).toHaveCount(0);
	// Erasing deletes the station made here, which the server has never had: it asks first.
	await expect(page.getByTestId('signout-device-only')).toContainText('本机驻点');
	const erase = page.getByRole('button', { name: '退出登录并清除本机数据' });
	await expect(erase).toBeDisabled();
	// What enables the button comes before it, as it is read and tapped.
	const accept = page.getByLabel('我知道只保存在本机的驻点会被删除');
	expect((await accept.boundingBox())!.y).toBeLessThan((await erase.boundingBox())!.y);
	await accept.check();
	await expect(erase).toBeEnabled();
	await page.getByRole('button', { name: '取消' }).click();
});

/** The outbox records (unsent changes) the phone holds for a station's documents, all together. */
const outboxOnDisk = (p: Page, stationId: string) =>
	p.evaluate(async (stationId) => {
		let n = 0;
		for (const d of await indexedDB.databases()) {
			if (!d.name?.startsWith('yixian:') || !d.name.endsWith(`:${stationId}`)) continue;
			const db = await new Promise<IDBDatabase>((resolve) => {
				const open = indexedDB.open(d.name!);
				open.onsuccess = () => resolve(open.result);
			});
			if (db.objectStoreNames.contains('custom'))
				n += await new Promise<number>((resolve) => {
					const count = db.transaction('custom').objectStore('custom').count(IDBKeyRange.bound('outbox:', 'outbox:\uffff'));
					count.onsuccess = () => resolve(count.result);
				});
			db.close();
		}
		return n;
	}, stationId);

test('two tabs: an entry saved offline in one, then closed, is counted and sent by the other', async ({ browser }) => {
	test.setTimeout(120_000);
	const assistant = await signedIn(browser, team.assistant!, team.password, { viewport: PHONE });
	await assistant.goto(stationUrl);
	await expect(syncState(assistant)).toHaveText('同步状态:已同步');
	await page.goto(stationUrl);
	const other = await page.context().newPage();
	await other.setViewportSize(PHONE);
	await other.goto(stationUrl);
	await expect(syncState(other)).toHaveText('同步状态:已同步');
	await expect(syncState(page)).toHaveText('同步状态:已同步');
	await page.context().setOffline(true);
	await expect(syncState(page)).toContainText('离线');
	await addEntry(page, stationUrl, '两页离线记录');
	await expect(syncState(page)).toContainText('1 项未上传');
	// The other tab shows the phone's state: the entry is there and not yet sent.
	await expect(other.getByRole('listitem').filter({ hasText: '两页离线记录' })).toBeVisible();
	await expect(syncState(other)).toContainText('1 项未上传');
	await page.close();
	await other.context().setOffline(false);
	await expect(assistant.getByRole('listitem').filter({ hasText: '两页离线记录' })).toBeVisible({ timeout: 20_000 });
	await expect(syncState(other)).toHaveText('同步状态:已同步', { timeout: 20_000 });
	await expect.poll(() => outboxOnDisk(other, new URL(stationUrl).pathname.split('/')[2])).toBe(0);
	page = other;
	await assistant.context().close();
});

test('a screen the phone has not kept yet, opened offline, says why and leads back (never a bare 500)', async ({ browser }) => {
	test.setTimeout(120_000);
	// Before the service worker has kept the app (a first duty day, the network gone a minute after
	// signing in): blocked here, so the screen's code is certainly not on the phone.
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE, serviceWorkers: 'block' });
	const fresh = await context.newPage();
	await signIn(fresh, team.cadre, team.password);
	await fresh.goto(stationUrl);
	await expect(syncState(fresh)).toHaveText('同步状态:已同步');
	await context.setOffline(true);
	await fresh.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(fresh.getByRole('heading', { name: '这一页没能打开' })).toBeVisible();
	await expect(fresh.getByText('没有网络')).toBeVisible();
	await expect(fresh.getByText('Internal Error')).toHaveCount(0);
	// The way back: the station list and the ledger, which the phone has.
	await fresh.getByRole('link', { name: '返回驻点列表' }).click();
	await fresh.getByRole('link', { name: new RegExp(team.station) }).click();
	await expect(fresh.getByTestId('ledger-count')).toBeVisible();
	// Online again, the same tap opens the form.
	await context.setOffline(false);
	await fresh.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(fresh.getByLabel('问题内容')).toBeVisible();
	await context.close();
});
