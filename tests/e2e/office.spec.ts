// The frontline office's screens against the real server: streets, stations, people, teams,
// password reset, disabling, and who may see them at all.
import { dataDir } from './chromium';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expectAccessible } from './accessible';

test.describe.configure({ mode: 'serial' });

const OFFICE = { phone: '13900000001', name: '王主任', password: 'office-pass-1' };
const CADRE = { phone: '13900000002', name: '李驻点', password: 'first-pass-1' };
const NEW_PASSWORD = 'second-pass-2';

let page: Page;

/** Sign-in straight at the API: what the server says, without the app in between. */
async function signInThroughApi(page: Page, phone: string, password: string) {
	return page.request.post('/api/session', { data: { phone, password } });
}

/** A fresh device (browser context) signed in through the sign-in page. */
async function signedInPage(browser: Browser, phone: string, password: string): Promise<Page> {
	const context = await browser.newContext();
	const p = await context.newPage();
	p.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	await p.goto('/signin');
	await p.getByLabel('手机号').fill(phone);
	await p.getByLabel('密码').fill(password);
	await p.getByRole('button', { name: '登录' }).click();
	await expect(p).toHaveURL('/');
	return p;
}

test.beforeAll(async ({ browser }) => {
	execFileSync(
		'npx',
		['tsx', 'server/admin.ts', 'person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', OFFICE.password],
		{ env: { ...process.env, YIXIAN_DATA_DIR: dataDir() }, stdio: 'pipe' }
	);
	page = await signedInPage(browser, OFFICE.phone, OFFICE.password);
	page.on('dialog', (dialog) => dialog.accept());
});

test.afterAll(async () => {
	await page.context().close();
});

test('shows the office an empty directory that says what to do first', async () => {
	await page.goto('/office');
	await expect(page.getByText('名录还是空的。先添加街道')).toBeVisible();
	await expectAccessible(page);
});

test('adds a street', async () => {
	await page.getByRole('link', { name: '添加街道' }).click();
	await expect(page.getByText('还没有街道')).toBeVisible();
	await page.getByRole('button', { name: '添加街道' }).click();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#street-name-error')).toHaveText('必填');
	await page.getByLabel('街道/乡镇名称').fill('东关街道');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '东关街道' })).toBeVisible();
	await expectAccessible(page);
	await expect(page.getByText('0 个驻点')).toBeVisible();

	// The same name again is a conflict, named on the field and explained.
	await page.getByRole('button', { name: '添加街道' }).click();
	await page.getByLabel('街道/乡镇名称').fill('东关街道');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('alert').filter({ hasText: '已有同名街道' })).toBeVisible();
	await expect(page.locator('#street-name-error')).toHaveText('已存在');
	await page.getByRole('button', { name: '取消' }).click();
});

test('adds a station to the street', async () => {
	await page.getByRole('link', { name: '驻点', exact: true }).click();
	await expect(page.getByText('还没有驻点。添加驻点后')).toBeVisible();
	await page.getByRole('button', { name: '添加驻点' }).click();
	await page.getByLabel('驻点名称').fill('幸福社区');
	await expect(page.getByLabel('所属街道/乡镇')).toHaveValue(/.+/);
	await page.getByRole('button', { name: '保存' }).click();
	const street = page.getByRole('region', { name: '东关街道' });
	await expect(street.getByRole('link', { name: /幸福社区/ })).toContainText('尚未配驻点干部');
});

test('adopts a station first created on a device, by its id', async () => {
	await page.getByRole('button', { name: '添加驻点' }).click();
	await page.getByLabel('驻点名称').fill('楼宇驻点');
	await page.getByLabel('驻点类型').selectOption('building');
	await page.getByLabel('这个驻点已在某台设备上建立').check();
	await page.getByLabel('驻点编号').fill('Not An Id!');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#new-station-id-error')).toHaveText('格式不正确');
	await page.getByLabel('驻点编号').fill('devicemade01');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByRole('link', { name: /楼宇驻点/ }).click();
	await expect(page.getByText('驻点编号：devicemade01')).toBeVisible();

	await page.getByLabel('驻点名称').fill('金融大厦驻点');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '金融大厦驻点' })).toBeVisible();
	await page.getByRole('link', { name: '驻点', exact: true }).click();
});

test('names a bad phone number as the bad field and keeps what was typed', async () => {
	await page.getByRole('link', { name: '人员', exact: true }).click();
	await expect(page.getByText('除一线办外还没有人员')).toBeVisible();
	await page.getByRole('button', { name: '添加人员' }).click();
	await page.getByLabel('手机号').fill('12ab');
	await page.getByLabel('姓名').fill(CADRE.name);
	await page.getByLabel('单位').fill('区民政局');
	await page.getByLabel('职务').fill('科长');
	await page.getByLabel('初始密码').fill(CADRE.password);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#new-person-phone-error')).toHaveText('请填写电话号码：5–20 位数字，可含空格、“-”或开头的“+”');
	await expectAccessible(page);
	await expect(page.getByText('请检查标红的项目')).toBeVisible();
	await expect(page.locator('#new-person-name-error')).toHaveCount(0);
	await expect(page.locator('#new-person-password-error')).toHaveCount(0);
	await expect(page.getByLabel('姓名')).toHaveValue(CADRE.name);
});

test('adds a person, and refuses a second account for the same phone', async () => {
	await page.getByLabel('手机号').fill(CADRE.phone);
	await page.getByRole('button', { name: '保存' }).click();
	const row = page.getByRole('link', { name: new RegExp(CADRE.name) });
	await expect(row).toContainText('驻点人员');
	await expect(row).toContainText('区民政局 · 科长');

	await page.getByRole('button', { name: '添加人员' }).click();
	await page.getByLabel('手机号').fill(CADRE.phone);
	await page.getByLabel('姓名').fill('另一个人');
	await page.getByLabel('初始密码').fill('whatever-123');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('alert').filter({ hasText: '这个手机号已有账号' })).toBeVisible();
	await expect(page.locator('#new-person-phone-error')).toHaveText('已存在');
	await page.getByRole('button', { name: '取消' }).click();
});

test('puts the person on the station team and changes their role', async () => {
	await page.getByRole('link', { name: '驻点', exact: true }).click();
	await expect(page).toHaveURL(/\/office\/stations$/);
	await page.getByRole('link', { name: /幸福社区/ }).click();
	await expect(page.getByText('这个驻点还没有人')).toBeVisible();
	await page.getByRole('button', { name: '加入团队' }).click();
	await expect(page.locator('#team-person-error')).toHaveText('必填');
	await page.getByLabel('人员', { exact: true }).selectOption({ label: `${CADRE.name}（区民政局）` });
	await page.getByLabel('分工', { exact: true }).selectOption('cadre');
	await page.getByRole('button', { name: '加入团队' }).click();
	const role = page.getByLabel(`${CADRE.name}的分工`);
	await expect(role).toHaveValue('cadre');
	await expectAccessible(page);

	// A role changes what the person may open at once (the contacts, the visit log): asked first;
	// 取消 leaves the role as it is.
	page.removeAllListeners('dialog');
	page.once('dialog', (d) => {
		expect(d.message()).toBe(`把${CADRE.name}的分工改为驻点助理员？此人对该驻点的访问权限将立即随之改变。`);
		void d.dismiss();
	});
	await role.selectOption('assistant');
	await expect(role).toHaveValue('cadre');
	// Refused (no connection): the select shows again the role the server keeps, and says why.
	await page.route('**/api/admin/stations/*/team/*', (r) => r.abort());
	page.once('dialog', (d) => void d.accept());
	await role.selectOption('assistant');
	await expect(page.getByRole('alert')).toHaveText('连不上服务器，未保存。联网后再试。');
	await expect(role).toHaveValue('cadre');
	await page.unroute('**/api/admin/stations/*/team/*');
	page.on('dialog', (dialog) => dialog.accept());
	await role.selectOption('assistant');
	await expect(page.getByRole('status')).toHaveText('已保存');
	await expect(role).toHaveValue('assistant');
	await page.reload();
	await expect(page.getByLabel(`${CADRE.name}的分工`)).toHaveValue('assistant');
	await page.getByRole('link', { name: CADRE.name }).click();
	await expect(page.getByRole('region', { name: '所在驻点' })).toContainText('幸福社区 · 驻点助理员');
	await expectAccessible(page);
});

test('resets a password: the old one is refused, the new one works', async () => {
	await page.getByLabel('新密码').fill('short');
	await page.getByRole('button', { name: '重置密码' }).click();
	await expect(page.locator('#new-password-error')).toHaveText('太短');
	await page.getByLabel('新密码').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: '重置密码' }).click();
	await expect(page.getByText(`已为${CADRE.name}设置新密码`)).toBeVisible();

	expect((await signInThroughApi(page, CADRE.phone, CADRE.password)).status()).toBe(401);
	expect((await signInThroughApi(page, CADRE.phone, NEW_PASSWORD)).status()).toBe(200);
});

test('asks someone not signed in to sign in', async ({ browser }) => {
	const context = await browser.newContext();
	const stranger = await context.newPage();
	await stranger.goto('/office');
	await expect(stranger.getByRole('heading', { name: '请先登录' })).toBeVisible();
	await expect(stranger.getByRole('main').getByRole('link', { name: '登录' })).toHaveAttribute('href', '/signin?next=/office');
	await context.close();
});

test('shows a person without the office role that only the office may use these screens', async ({ browser }) => {
	const member = await signedInPage(browser, CADRE.phone, NEW_PASSWORD);
	await member.goto('/office');
	await expect(member.getByRole('heading', { name: '只有一线办工作人员可以使用此页面' })).toBeVisible();
	await expect(member.getByRole('link', { name: '添加街道' })).toHaveCount(0);
	await expectAccessible(member);
	await member.context().close();
});

test('disables the person: they can no longer sign in', async () => {
	await page.getByRole('button', { name: '停用账号' }).click();
	await expect(page.getByRole('button', { name: '启用账号' })).toBeVisible();
	await expect(page.getByText('已停用').first()).toBeVisible();

	const refused = await signInThroughApi(page, CADRE.phone, NEW_PASSWORD);
	expect(refused.status()).toBe(403);
	expect((await refused.json()).error).toBe('disabled');

	await page.getByRole('link', { name: '人员', exact: true }).click();
	await expect(page.getByRole('link', { name: new RegExp(CADRE.name) })).toContainText('已停用');
});

test('removes the person from the team', async () => {
	await page.getByRole('link', { name: '驻点', exact: true }).click();
	// On the stations' list, not still on the people's (where a person's link names the station too).
	await expect(page).toHaveURL(/\/office\/stations$/);
	await page.getByRole('link', { name: /幸福社区/ }).click();
	await page.getByRole('button', { name: '移出' }).click();
	await expect(page.getByText('这个驻点还没有人')).toBeVisible();
});

test('makes a district leader the leader of a street, and unmakes them', async () => {
	await page.getByRole('link', { name: '人员', exact: true }).click();
	await page.getByRole('button', { name: '添加人员' }).click();
	await page.getByLabel('手机号').fill('139 0000 0003');
	await page.getByLabel('姓名').fill('赵区长');
	await page.getByLabel('角色').selectOption('leader');
	await page.getByLabel('初始密码').fill('leader-pass-1');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('link', { name: /赵区长/ })).toContainText('13900000003');

	await page.getByRole('link', { name: '街道', exact: true }).click();
	await page.getByLabel('东关街道的联系领导').selectOption({ label: '赵区长' });
	await page.getByRole('button', { name: '设为联系领导' }).click();
	await expect(page.getByText('已设为联系领导')).toBeVisible();
	await page.getByRole('button', { name: '取消联系领导' }).click();
	await expect(page.getByText('已取消联系领导')).toBeVisible();
});
