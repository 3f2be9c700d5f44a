// What a cadre's phone says about sync is true, as a cadre on a phone meets it: a station made on
// the phone (never given to the server) is 仅本机, not "waiting to upload", and erasing it still asks.
import { expect, test, type Page } from '@playwright/test';
import { addEntry, createStation } from './new-station';
import { createTeam, signedIn, syncState } from './team-world';

test.describe.configure({ mode: 'serial' });

const team = {
	password: 'honest-pass-2024',
	street: '南关街道',
	station: '春风社区',
	office: { phone: '13900000009', name: '一线办' },
	cadre: { phone: '13900000001', name: '郑干部' }
};
const PHONE = { width: 412, height: 915 };

let page: Page;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and a sign-in, on a loaded machine
	createTeam(team);
	page = await signedIn(browser, team.cadre, team.password, { viewport: PHONE });
	await page.getByRole('link', { name: new RegExp(team.station) }).click();
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
	await page.getByLabel('我知道只保存在本机的驻点会被删除').check();
	await expect(erase).toBeEnabled();
	await page.getByRole('button', { name: '取消' }).click();
});
