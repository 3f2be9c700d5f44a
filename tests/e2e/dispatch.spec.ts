// Escalation that reaches the people who decide: a cadre escalates an entry to tier 3 (with the
// departments involved) and on to tier 4; the street leader sees it on their list and notes on
// it; the office runs the dispatch meeting and records a decision; the cadre's entry page shows it.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './accessible';
import { layoutProblems, PHONE } from './phone-check';
import { createTeam, recordEntry, signedIn as signedInAs, synced } from './team-world';

test.describe.configure({ mode: 'serial' });

const CONTENT = '断头路长期未打通，居民出行绕远';
const team = {
	password: 'dispatch-pass-1',
	street: '东湖街道',
	station: '东湖社区',
	office: { phone: '13666000001', name: '一线办刘' },
	cadre: { phone: '13666000002', name: '陈干部' },
	leader: { phone: '13666000003', name: '孙区长' }
} as const;

const signedIn = (browser: Browser, who: { phone: string }) => signedInAs(browser, who, team.password, { acceptDialogs: true });

let cadre: Page;
let entryUrl = '';

test.beforeAll(() => {
	createTeam(team);
});

test('a cadre escalates an entry to tier 3, naming the departments involved', async ({ browser }) => {
	cadre = await signedIn(browser, team.cadre);
	await cadre.getByRole('link', { name: new RegExp(team.station) }).click();
	await expect(cadre.getByRole('heading', { name: team.station })).toBeVisible();
	entryUrl = await recordEntry(cadre, CONTENT, '老旧小区改造');

	await cadre.getByRole('button', { name: '升级' }).click();
	await cadre.getByLabel('升级到').selectOption({ label: '3级 · 协调办结' });
	await cadre.getByLabel('责任人').fill('街道城建科');
	await cadre.getByLabel('办结时限').fill('2099-06-30');
	await cadre.getByRole('button', { name: '保存' }).click();
	// Tier 3 without a department is refused, naming the field; what was typed stays.
	await expect(cadre.getByRole('group', { name: '涉及部门' }).getByRole('alert')).toHaveText('必填');
	await expect(cadre.getByLabel('责任人')).toHaveValue('街道城建科');
	await cadre.getByRole('checkbox', { name: '住建' }).check();
	await cadre.getByLabel('其他部门（用顿号或逗号分隔）').fill('交通、区路桥公司');
	await cadre.getByRole('button', { name: '保存' }).click();
	await expect(cadre.getByTestId('departments')).toHaveText('住建、交通、区路桥公司');
	await expect(cadre.getByRole('listitem').filter({ hasText: '升级为协调办结' })).toContainText('涉及部门：住建、交通、区路桥公司');
	await synced(cadre);
});

test("the street leader sees it on their list and adds a coordination note the team sees", async ({ browser }) => {
	const leader = await signedIn(browser, team.leader);
	await leader.getByRole('button', { name: '菜单' }).click();
	await leader.getByRole('link', { name: '协调事项' }).click();
	const item = leader.getByTestId('coordination-entry').filter({ hasText: CONTENT });
	await expect(item).toContainText('住建、交通、区路桥公司');
	await expect(item).toContainText(team.station);
	await expect(item).toContainText('2099-06-30');
	await expectAccessible(leader);
	// On a phone too: the link to the entry is a whole touch target, nothing runs off the screen.
	await leader.setViewportSize(PHONE);
	expect(await layoutProblems(leader), 'the coordination list on a phone').toEqual([]);
	await item.getByLabel('协调意见').fill('已召集住建、交通会诊，下周现场踏勘');
	await item.getByRole('button', { name: '记录协调意见' }).click();
	await expect(item.getByLabel('协调意见')).toHaveValue('');
	await expect(item).toContainText('已召集住建、交通会诊');
	await expect(cadre.getByRole('listitem').filter({ hasText: '已召集住建、交通会诊' })).toContainText(team.leader.name);
	await leader.context().close();
});

test('the cadre escalates it on to tier 4', async () => {
	await cadre.getByRole('button', { name: '升级' }).click();
	await expect(cadre.getByLabel('升级到')).toHaveValue('4');
	await cadre.getByLabel('责任人').fill('一线办');
	await cadre.getByLabel('办结时限').fill('2099-07-31');
	await cadre.getByRole('button', { name: '保存' }).click();
	await expect(cadre.getByRole('listitem').filter({ hasText: '升级为统筹办结' })).toBeVisible();
	await synced(cadre);
});

test('the office runs the dispatch meeting, records a decision and closes it', async ({ browser }) => {
	const office = await signedIn(browser, team.office);
	await office.goto('/office/dispatch');
	await expect(office.getByText('目前有 1 件统筹办结（四级）事项待上会。')).toBeVisible();
	await expectAccessible(office);
	// No day given is a missing day, not a wrong one.
	const day = await office.getByLabel('会议日期').inputValue();
	await office.getByLabel('会议日期').fill('');
	await office.getByRole('button', { name: '开始准备会议议程' }).click();
	await expect(office.getByRole('alert')).toHaveText('必填');
	await office.getByLabel('会议日期').fill(day);
	await office.getByRole('button', { name: '开始准备会议议程' }).click();
	const item = office.getByTestId('agenda-item').filter({ hasText: CONTENT });
	await expect(item).toContainText(team.station);
	await expect(item).toContainText('住建、交通、区路桥公司');
	await expectAccessible(office);

	await item.getByRole('button', { name: '保存决定' }).click();
	await expect(item.getByRole('alert')).toHaveCount(2);
	// The fields named are marked as every form's are: a red border, 2 px.
	for (const label of ['会议决定', '责任部门']) {
		await expect(item.getByLabel(label)).toHaveCSS('border-top-color', 'rgb(176, 0, 32)');
		await expect(item.getByLabel(label)).toHaveCSS('border-top-width', '2px');
	}
	// A decision half typed survives a look elsewhere in the app, as the minutes do.
	await item.getByLabel('会议决定').fill('由区交通局牵头，');
	const agendaUrl = office.url();
	await office.getByRole('link', { name: '返回' }).click();
	await expect(office).not.toHaveURL(agendaUrl);
	await office.goBack();
	await expect(item.getByLabel('会议决定')).toHaveValue('由区交通局牵头，');
	await item.getByLabel('会议决定').fill('由区交通局牵头，年内打通');
	await item.getByLabel('责任部门').fill('区交通局');
	await item.getByRole('button', { name: '保存决定' }).click();
	await expect(item.getByTestId('decision')).toContainText('由区交通局牵头，年内打通');
	await expect(office.getByText('已决定 1 / 1 项')).toBeVisible();

	await office.getByRole('textbox', { name: '会议纪要' }).fill('出席：区交通局、区住建局。');
	// Minutes typed and not saved survive a look elsewhere in the app, and say they are not saved.
	await expect(office.getByTestId('minutes-unsaved')).toBeVisible();
	const meetingUrl = office.url();
	await office.getByRole('link', { name: '返回' }).click();
	await expect(office).not.toHaveURL(meetingUrl);
	await office.goBack();
	await expect(office.getByRole('textbox', { name: '会议纪要' })).toHaveValue('出席：区交通局、区住建局。');
	await expect(office.getByTestId('minutes-unsaved')).toBeVisible();
	await office.getByRole('button', { name: '结束会议' }).click();
	await expect(office.getByTestId('meeting-status')).toHaveText('已结束');
	await expect(office.getByText('出席：区交通局、区住建局。')).toBeVisible();
	const download = office.waitForEvent('download');
	await office.getByRole('button', { name: '导出 CSV' }).click();
	expect((await download).suggestedFilename()).toMatch(/^dispatch-\d{4}-\d{2}-\d{2}\.csv$/);
	await office.context().close();
});

test("the cadre's entry page shows the decision in its timeline", async () => {
	await expect(cadre.getByRole('listitem').filter({ hasText: /调度会决定/ })).toContainText('由区交通局牵头，年内打通');
	await expect(cadre.getByTestId('decision')).toContainText('由区交通局牵头，年内打通');
	// The meeting's day in one pair of brackets, not （调度会决定（…））.
	await expect(cadre.getByTestId('decision')).toHaveText(/^由区交通局牵头，年内打通 调度会决定（\d{4}-\d{2}-\d{2}）$/);
	await expect(cadre.getByTestId('responsible')).toHaveText('区交通局');
	// Also after a reload, from the device's copy.
	await cadre.goto(entryUrl);
	await expect(cadre.getByRole('listitem').filter({ hasText: /调度会决定/ })).toContainText('责任部门：区交通局');
	await cadre.context().close();
});
