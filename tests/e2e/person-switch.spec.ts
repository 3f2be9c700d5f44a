// Another person signing in on a phone that holds the last person's unsent changes: those of
// stations the newcomer may not read are deleted with the station (the device keeps a station only
// while the signed-in person may read it), so the sign-in page says so and asks first. The person
// who made them signs in without a question, and their changes upload.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { cuttableSync, type SyncCut } from './sync-cut';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'switch-pass-2024';
const STATION = '东风社区';
const OTHER_STATION = '红旗社区';
const cadre = { phone: '13400000011', name: '孙干部' };
const other = { phone: '13400000012', name: '李干部' };

let context: BrowserContext;
let page: Page;
let sockets: SyncCut = { cut: false };
const errors: string[] = [];

const syncState = (p: Page) => p.getByRole('banner').getByTestId('sync-state');
const warning = () => page.getByTestId('signin-other-person');

async function fillSignIn(person: { phone: string }) {
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(person.phone);
	await page.getByLabel('密码').fill(PASSWORD);
}

const signInButton = () => page.getByRole('button', { name: '登录', exact: true });

/** Signed in as the cadre, an entry recorded offline, then signed out keeping the data. */
async function leaveUnsentEntry(content: string) {
	await fillSignIn(cadre);
	await signInButton().click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	sockets.cut = true;
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(syncState(page)).toContainText('1 项未上传');
	await page.goto('/settings');
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.getByRole('button', { name: '退出登录（数据留在本机）' }).click();
	await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
	sockets.cut = false;
}

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and sign-ins, on a loaded machine
	admin('street', 'add', '--name', '南城街道');
	const station = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '南城街道'))![1];
	const otherStation = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', OTHER_STATION, '--street', '南城街道'))![1];
	admin('person', 'add', '--role', 'member', '--phone', cadre.phone, '--name', cadre.name, '--password', PASSWORD);
	admin('person', 'add', '--role', 'member', '--phone', other.phone, '--name', other.name, '--password', PASSWORD);
	admin('team', 'add', '--station', station, '--phone', cadre.phone, '--role', 'cadre');
	admin('team', 'add', '--station', otherStation, '--phone', other.phone, '--role', 'cadre');
	context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
	sockets = await cuttableSync(context);
	page = await context.newPage();
	page.on('pageerror', (e) => errors.push(e.message));
});

test.afterAll(async () => {
	await context?.close();
});

test('another person’s sign-in is asked first; the person who made the changes signs in and they upload', async () => {
	await leaveUnsentEntry('井盖松动');
	// The number of who signed out is filled in, and nothing is asked on the way to another one.
	await page.goto('/signin');
	await expect(page.getByLabel('手机号')).toHaveValue(cadre.phone);
	await page.getByLabel('手机号').fill('134');
	await expect(warning()).toHaveCount(0);
	await fillSignIn(other);
	await expect(warning()).toContainText(`本机还有 ${cadre.name} 的 1 项修改没有上传`);
	await signInButton().click();
	await expect(page.getByRole('alert')).toContainText('请先勾选确认');
	// Not signed in: still here, and the station and its change are still on the phone.
	await expect(page).toHaveURL(/\/signin/);
	// The number of the person who made them: no question.
	await page.getByLabel('手机号').fill(cadre.phone);
	await expect(warning()).toHaveCount(0);
	await signInButton().click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByText('井盖松动')).toBeVisible();
	await expect(syncState(page)).toHaveText(/已同步/, { timeout: 15_000 });
	await expect(syncState(page)).not.toContainText('未上传');
});

test('once confirmed, another person signs in and the last person’s station leaves the phone', async () => {
	await page.goto('/settings');
	await page.getByRole('button', { name: '退出登录' }).click();
	await page.getByRole('button', { name: '退出登录（数据留在本机）' }).click();
	await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
	await leaveUnsentEntry('路灯不亮');
	await fillSignIn(other);
	await expect(warning()).toBeVisible();
	await warning().getByRole('checkbox').check();
	await signInButton().click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	await expect(page.getByRole('link', { name: new RegExp(OTHER_STATION) })).toBeVisible();
	await expect(page.getByRole('link', { name: new RegExp(STATION) })).toHaveCount(0);
	// Signed in: nobody's sign-out is remembered any more.
	expect(await page.evaluate(() => localStorage.getItem('yixian:signed-out'))).toBeNull();
	expect(errors).toEqual([]);
});
