// History you can trust (issue 8, item 6): a cadre edits an entry's facts; the entry page's
// 历史记录 shows the change (before → after), who made it and when the server received it (the
// server's clock, YIXIAN_TEST_NOW, not the phone's); offline it says it needs the network; the
// frontline office restores the first version after confirming, and the cadre's page follows.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './accessible';
import { createTeam, recordEntry, signedIn, synced } from './team-world';

test.describe.configure({ mode: 'serial' });

const FIRST = '3号楼电梯经常停运';
const SECOND = '3号楼电梯停运，已报物业';
const team = {
	password: 'history-pass-1',
	street: '南湖街道',
	station: '南湖社区',
	office: { phone: '13677000001', name: '一线办周' },
	cadre: { phone: '13677000002', name: '吴干部' }
} as const;
// The server's day (tests/e2e/clock.ts): the phone's own clock is today's, whatever day that is.
const SERVER_DAY = /服务器已收到 2026年4月20日/;

const history = (page: Page) => page.getByTestId('history');

let cadre: Page;
let entryUrl = '';

test.beforeAll(() => {
	createTeam(team);
});

test("a cadre's change shows in the history: before → after, who, and the server's received time", async ({ browser }) => {
	cadre = await signedIn(browser, team.cadre, team.password);
	await cadre.getByRole('link', { name: new RegExp(team.station) }).click();
	entryUrl = await recordEntry(cadre, FIRST, '物业管理');
	await cadre.getByRole('button', { name: '修改基本信息' }).click();
	await cadre.locator('#entry-content').fill(SECOND);
	await cadre.locator('main form button[type=submit]').click();
	await expect(cadre.locator('main p.content')).toHaveText(SECOND);
	await synced(cadre);

	await history(cadre).getByRole('button', { name: '查看历史记录' }).click();
	const changes = history(cadre).getByTestId('history-change');
	await expect(changes).toHaveCount(2);
	const edit = changes.first();
	await expect(edit).toContainText('修改了问题内容');
	await expect(edit.getByTestId('before')).toHaveText(FIRST);
	await expect(edit.getByTestId('after')).toHaveText(SECOND);
	await expect(edit).toContainText(team.cadre.name);
	await expect(edit.getByTestId('received')).toHaveText(SERVER_DAY);
	await expect(changes.last()).toContainText('登记了这条台账');
	await expect(changes.last()).toContainText('时间线：受理登记');
	// The cadre may not restore: that is the office's.
	await expect(history(cadre).getByRole('button', { name: '恢复到此版本' })).toHaveCount(0);
	await expectAccessible(cadre);
});

test('offline, the history says it needs the network', async () => {
	await cadre.context().setOffline(true);
	await history(cadre).getByRole('button', { name: '收起历史记录' }).click();
	await history(cadre).getByRole('button', { name: '查看历史记录' }).click();
	await expect(history(cadre)).toContainText('查看历史记录需要联网');
	await cadre.context().setOffline(false);
	await history(cadre).getByRole('button', { name: '重试' }).click();
	await expect(history(cadre).getByTestId('history-change')).toHaveCount(2);
});

test('the office restores the first version after confirming; the cadre sees it and the history records it', async ({ browser }) => {
	const office = await signedIn(browser, team.office, team.password);
	await office.goto(entryUrl);
	await expect(office.locator('main p.content')).toHaveText(SECOND);
	await history(office).getByRole('button', { name: '查看历史记录' }).click();
	const first = history(office).getByTestId('history-change').last();
	await first.getByRole('button', { name: '恢复到此版本' }).click();
	const confirm = first.getByRole('alertdialog');
	await expect(confirm).toContainText('恢复本身也会记入历史');
	await expectAccessible(office);
	await confirm.getByRole('button', { name: '确认恢复' }).click();
	await expect(history(office)).toContainText('已恢复，并已记入历史记录。');
	const restored = history(office).getByTestId('history-change').first();
	await expect(restored).toContainText(team.office.name);
	await expect(restored).toContainText('一线办恢复到');
	await expect(restored.getByTestId('before')).toHaveText(SECOND);
	await expect(restored.getByTestId('after')).toHaveText(FIRST);
	await expect(restored.getByTestId('received')).toHaveText(SERVER_DAY);
	// The server wrote it through the relay: the cadre's open page follows, and the office's too.
	await expect(cadre.locator('main p.content')).toHaveText(FIRST);
	await expect(office.locator('main p.content')).toHaveText(FIRST);

	// On a phone (390×844): nothing wider than the screen, every button a 44 px touch target.
	await office.setViewportSize({ width: 390, height: 844 });
	expect(await office.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	for (const button of await history(office).getByRole('button').all()) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
});
