// Signing out is deliberate: unsent changes are shown with a way to wait for the upload; a signed-out
// phone does not show a team's ledger; "sign out and erase" leaves nothing of the station on the phone.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { cuttableSync, type SyncCut } from './sync-cut';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'signout-pass-2024';
const STATION = '和平社区';
const cadre = { phone: '13400000001', name: '钱干部' };

let context: BrowserContext;
let page: Page;
let stationUrl = '';
let sockets: SyncCut = { cut: false };
const errors: string[] = [];

const syncState = (p: Page) => p.getByRole('banner').getByTestId('sync-state');

async function signIn() {
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(cadre.phone);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
}

async function addEntry(content: string) {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await page.getByLabel('反映人姓名').fill('居民刘女士');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and sign-ins, on a loaded machine
	admin('street', 'add', '--name', '西城街道');
	const station = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '西城街道'))![1];
	admin('person', 'add', '--role', 'member', '--phone', cadre.phone, '--name', cadre.name, '--password', PASSWORD);
	admin('team', 'add', '--station', station, '--phone', cadre.phone, '--role', 'cadre');
	context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	sockets = await cuttableSync(context);
	page = await context.newPage();
	page.on('pageerror', (e) => errors.push(e.message));
});

test.afterAll(async () => {
	await context?.close();
});

/** Whose ledgers' top rows the device keeps for the frame painted before the app loads. */
const bootRows = () => page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem('yixian:boot') ?? '{}').rows ?? {}));

test('signing out with unsent changes shows them and can wait for the upload', async () => {
	await signIn();
	// Offline before the board ever came down (a first duty day in a basement): the phone still
	// records, with the default categories, and uploads once back.
	sockets.cut = true;
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	stationUrl = page.url();
	await expect(syncState(page)).toContainText('离线');
	await addEntry('楼顶漏水');
	// Two documents changed: the entry in the board, its reporter in the team's contacts.
	await expect(syncState(page)).toContainText('2 项未上传');
	// The ledger's top rows are kept for the frame painted before the app loads (src/boot-frame.js).
	await expect.poll(bootRows).toEqual([new URL(stationUrl).pathname]);

	await page.goto('/settings');
	await page.getByRole('button', { name: '退出登录' }).click();
	await expect(page.getByTestId('signout-unsent')).toContainText('还有 2 项修改没有上传');
	await expect(page.getByRole('button', { name: '退出登录并清除本机数据' })).toBeDisabled();
	await page.getByRole('button', { name: '等待上传完成' }).click();
	// Offline: it says it waits for the network, not that it is uploading.
	await expect(page.getByText('没有网络：联网后会自动上传')).toBeVisible();
	await expect(page.getByText('正在上传…')).toHaveCount(0);
	sockets.cut = false;
	await expect(page.getByText('修改已全部上传。')).toBeVisible({ timeout: 15_000 });
	await expect(page.getByTestId('signout-unsent')).toHaveCount(0);
});

test('a signed-out phone keeps the team’s data but does not show the ledger', async () => {
	expect(await bootRows()).toEqual([new URL(stationUrl).pathname]);
	await page.getByRole('button', { name: '退出登录（数据留在本机）' }).click();
	await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
	// …and go with the session: a signed-out phone paints none, even before the app has loaded.
	expect(await bootRows()).toEqual([]);
	await page.goto(stationUrl);
	await expect(page.getByText('请先登录再查看')).toBeVisible();
	await expect(page.getByText('楼顶漏水')).toHaveCount(0);
	await expect(page.getByTestId('ledger-count')).toHaveCount(0);
});

test('sign out and erase leaves no station, document or session on the phone', async () => {
	await signIn();
	// The visit log open, held by the documents' worker: it lets go of its database for the erase.
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill('周阿婆家');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '周阿婆家' })).toBeVisible();
	await expect(syncState(page)).toHaveText(/已同步/);
	expect(await page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name?.startsWith('yixian:visits:')))).toBe(true);
	await page.goto('/settings');
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.getByRole('button', { name: '退出登录并清除本机数据' }).click();
	await expect(page.getByText('已退出登录，本机数据已清除。')).toBeVisible();
	const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
	expect(databases.filter((name) => name?.startsWith('yixian:'))).toEqual([]);
	// Nor what was painted from them: the ledger's projection (its rows name residents' problems)
	// and the frame painted before the app loads.
	expect(databases).not.toContain('yixian-projection');
	expect(await page.evaluate(() => localStorage.getItem('yixian:boot'))).toBeNull();
	expect(await page.evaluate(() => localStorage.getItem('yixian:boot-modules'))).toBeNull();
	// Nor who signed out (their name and number, kept for the next sign-in's question).
	expect(await page.evaluate(() => localStorage.getItem('yixian:signed-out'))).toBeNull();
	const rows = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const req = indexedDB.open('yixian-device');
				req.onsuccess = () => {
					const db = req.result;
					const names = [...db.objectStoreNames].filter((n) => n === 'stations' || n === 'session');
					if (!names.length) return resolve(0);
					const tx = db.transaction(names, 'readonly');
					let n = 0;
					let left = names.length;
					for (const name of names) {
						const count = tx.objectStore(name).count();
						count.onsuccess = () => ((n += count.result), --left === 0 && resolve(n));
					}
				};
			})
	);
	expect(rows).toBe(0);
	await page.goto('/');
	await expect(page.getByText('本机还没有驻点')).toBeVisible();
	// A deliberate erase is not a wipe: nothing to warn about.
	await expect(page.getByTestId('device-wiped')).toHaveCount(0);
	await page.goto(stationUrl);
	await expect(page.getByText('楼顶漏水')).toHaveCount(0);
	expect(errors).toEqual([]);
});
