// One source of truth (issue 8 item 5): a station's name and street are the directory's. The office
// renames a station; the team's phone shows the new name on its home screen and in the station's
// frame without anyone opening (or editing) the board, whose own copy still holds the old name, and
// the public page says the new name too.
import { expect, test } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

const PASSWORD = 'source-pass-2024';
const OFFICE = { phone: '13700000000' };
const CADRE = { phone: '13700000001' };

let stationId = '';
test.beforeAll(() => {
	test.setTimeout(180_000); // the operator's commands, on a loaded machine
	admin('street', 'add', '--name', '南城街道');
	admin('street', 'add', '--name', '北城街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', '旧名社区', '--street', '南城街道'))![1];
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', '一线办', '--password', PASSWORD);
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', '孙干部', '--password', PASSWORD);
	admin('team', 'add', '--station', stationId, '--phone', CADRE.phone, '--role', 'cadre');
});

test('an office rename reaches the phone and the public page without the board being opened', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: baseURL() });
	const page = await context.newPage();
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(CADRE.phone);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	const card = page.getByRole('link', { name: /旧名社区/ });
	await expect(card).toContainText('南城街道');

	// The office renames the station and moves it to another street (the API its screens use).
	const token = (await (await page.request.post('/api/session', { data: { phone: OFFICE.phone, password: PASSWORD } })).json()).access as string;
	const headers = { authorization: `Bearer ${token}` };
	const directory = await (await page.request.get('/api/admin/directory', { headers })).json();
	const north = directory.streets.find((s: { name: string }) => s.name === '北城街道').id as string;
	expect((await page.request.patch(`/api/admin/stations/${stationId}`, { headers, data: { name: '新名社区', streetId: north } })).status()).toBe(200);

	// The phone starts again (or comes back to the front): its home screen says the new name.
	await page.reload();
	const renamed = page.getByRole('link', { name: /新名社区/ });
	await expect(renamed).toContainText('北城街道');
	await expect(page.getByRole('link', { name: /旧名社区/ })).toHaveCount(0);
	// The station's frame too, although the board's own copy (meta) still says the old name.
	await renamed.click();
	await expect(page.getByRole('heading', { name: '新名社区' })).toBeVisible();
	await expect(page).toHaveTitle(/新名社区/);
	const boardName = await page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const rows = await new Promise<unknown[]>((resolve) => {
			const all = db.transaction('updates').objectStore('updates').getAll();
			all.onsuccess = () => resolve(all.result);
		});
		db.close();
		return rows.map((r) => new TextDecoder().decode(r as Uint8Array)).join('');
	}, `yixian:board:${stationId}`);
	expect(boardName).toContain('旧名社区');
	await expect(page.getByText('旧名社区')).toHaveCount(0);

	// The public page, rendered by the server.
	await page.goto(`/p/${stationId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('新名社区');
	await expect(page.getByText('旧名社区')).toHaveCount(0);
	await context.close();
});
