// An address typed or kept wrong — an unknown id, a year that is not one — on a 390 px phone: the
// screen says so in plain words and leads back to its list, never "try again" at something that
// cannot work, never NaN.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signedInOnPhone } from './phone-check';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'address-pass-2024';
const OFFICE = { phone: '13820000001', name: '一线办周主任' };
const CADRE = { phone: '13820000002', name: '钱驻点' };
let office: Page;
let stationId = '';

const signedIn = (browser: Browser, phone: string) => signedInOnPhone(browser, phone, PASSWORD);

test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', PASSWORD);
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', CADRE.name, '--password', PASSWORD);
	admin('street', 'add', '--name', '解放路街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', '和平里社区', '--street', '解放路街道'))![1];
	admin('team', 'add', '--station', stationId, '--phone', CADRE.phone, '--role', 'cadre');
	office = await signedIn(browser, OFFICE.phone);
});

test.afterAll(async () => {
	await office.context().close();
});

test('an unknown dispatch meeting says it is not there and leads back to the meetings', async () => {
	await office.goto('/office/dispatch/unknown123');
	const main = office.getByRole('main');
	await expect(main).toContainText('找不到这次调度会');
	await expect(main).not.toContainText('保存或读取失败');
	await expect(main.getByRole('button', { name: '重试' })).toHaveCount(0);
	await expect(main.getByRole('link', { name: '调度会' })).toHaveAttribute('href', '/office/dispatch');
});

test('a year in the address that is not one says so and leads back to the ratings, never NaN', async () => {
	for (const year of ['abc', '1999']) {
		await office.goto(`/office/ratings/year/${year}`);
		const main = office.getByRole('main');
		await expect(main).toContainText('地址中的年度无效');
		await expect(main).not.toContainText('NaN');
		await expect(main).not.toContainText('服务器出错');
		await expect(main.getByRole('button', { name: '重试' })).toHaveCount(0);
		await expect(main.getByRole('link', { name: '测评' })).toHaveAttribute('href', '/office/ratings');
	}
});

test('an unknown rating round says so and leads back to the ratings', async () => {
	for (const path of ['/office/ratings/unknown123', '/office/ratings/unknown123/results']) {
		await office.goto(path);
		const main = office.getByRole('main');
		await expect(main).toContainText('没有这一轮测评');
		await expect(main.getByRole('link', { name: '测评' })).toHaveAttribute('href', '/office/ratings');
	}
});

test('an unknown entry or visit on a station leads back to its list, the edit page of one too', async ({ browser }) => {
	const cadre = await signedIn(browser, CADRE.phone);
	const station = `/station/${stationId}`;
	await cadre.goto(`${station}/entry/unknown123`);
	await expect(cadre.getByRole('main')).toContainText('台账中没有这条事项');
	await expect(cadre.getByRole('main').getByRole('link', { name: '台账' })).toHaveAttribute('href', station);
	for (const path of [`${station}/visits/unknown123`, `${station}/visits/unknown123/edit`]) {
		await cadre.goto(path);
		await expect(cadre.getByRole('main')).toContainText('没有这条走访记录');
		await expect(cadre.getByRole('main').getByRole('link', { name: '走访' })).toHaveAttribute('href', `${station}/visits`);
		// The app bar's way back is not another page that is not there.
		await expect(cadre.getByRole('banner').getByRole('link', { name: '返回' })).toHaveAttribute('href', `${station}/visits`);
	}
	await cadre.context().close();
});

test('an address that is no page at all says so in the app’s words and leads back, signed in or not', async ({ browser }) => {
	for (const path of ['/nosuch', '/office/nosuch', `/station/${stationId}/nosuch/deeper`]) {
		await office.goto(path);
		const main = office.getByRole('main');
		await expect(main).toContainText('找不到这个页面');
		await expect(office.locator('body')).not.toContainText('Not Found');
		await expect(main.getByRole('link', { name: '返回驻点列表' })).toHaveAttribute('href', '/');
	}
	// A resident's mistyped QR address: the public pages' words, and no way into the app.
	const resident = await browser.newPage({ locale: 'zh-CN' });
	for (const path of [`/p/${stationId}/x`, '/p/x/y/z', '/rate/x/y']) {
		await resident.goto(path);
		await expect(resident.getByRole('heading', { level: 1 })).toHaveText('找不到这个页面');
		await expect(resident.locator('body')).not.toContainText('Not Found');
		await expect(resident.getByRole('link', { name: '返回驻点列表' })).toHaveCount(0);
	}
	await resident.context().close();
});
