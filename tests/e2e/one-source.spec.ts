// One source of truth (issue 8 item 5): a station's name and street are the directory's. The office
// renames a station; the team's phone shows the new name on its home screen and in the station's
// frame without anyone opening (or editing) the board, whose own copy still holds the old name, and
// the public page says the new name too.
import { expect, test } from '@playwright/test';
import { baseURL } from './chromium';
import { createTeam, officeHeaders, signIn, storedText } from './team-world';
import { admin } from './world';

const team = {
	password: 'source-pass-2024',
	street: '南城街道',
	station: '旧名社区',
	office: { phone: '13700000000', name: '一线办' },
	cadre: { phone: '13700000001', name: '孙干部' }
} as const;

let stationId = '';
test.beforeAll(() => {
	test.setTimeout(180_000); // the operator's commands, on a loaded machine
	stationId = createTeam(team);
	admin('street', 'add', '--name', '北城街道');
});

test('an office rename reaches the phone and the public page without the board being opened', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: baseURL() });
	const page = await context.newPage();
	await signIn(page, team.cadre, team.password);
	const card = page.getByRole('link', { name: /旧名社区/ });
	await expect(card).toContainText('南城街道');

	// The office renames the station and moves it to another street (the API its screens use).
	const headers = await officeHeaders(page, team.office, team.password);
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
	// (Stored once the board has come from the relay: the frame's name does not wait for it.)
	await expect.poll(() => storedText(page, `yixian:board:${stationId}`)).toContain('旧名社区');
	await expect(page.getByText('旧名社区')).toHaveCount(0);

	// The public page, rendered by the server.
	await page.goto(`/p/${stationId}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('新名社区');
	await expect(page.getByText('旧名社区')).toHaveCount(0);
	await context.close();
});
