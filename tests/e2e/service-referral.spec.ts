// Issue 9, items 3 and 4, end to end on a 390×844 phone, on a fixed day (the 25th, tests/e2e/clock.ts):
// a cadre records the contact cards handed out on the duty day, a visit with cards left and people
// helped, and help of three person-times; the office's statistics state them as the seed does. Then
// the dispatch meeting refers an entry on to 区委常委会; the office's referrals list shows it with
// its age, records the outcome, and the cadre's entry timeline shows both steps.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectFitsPhone, layoutProblems, PHONE } from './phone-check';
import { createTeam, recordEntry, signedIn as signedInAs, synced } from './team-world';

test.describe.configure({ mode: 'serial' });

const CONTENT = '老城区断头路打通需调整规划';
const team = {
	password: 'service-pass-1',
	street: '望城街道',
	station: '望城社区',
	office: { phone: '13677000001', name: '一线办郑' },
	cadre: { phone: '13677000002', name: '贾驻点' }
} as const;
let stationId = '';
let entryUrl = '';
let cadre: Page;

/** A phone on the spec's day, signed in. */
const signedIn = (browser: Browser, who: { phone: string }) => signedInAs(browser, who, team.password, { viewport: PHONE, clocked: true });

test.beforeAll(() => {
	stationId = createTeam(team);
});

test('a cadre records cards and help where they happen, on a phone', async ({ browser }) => {
	cadre = await signedIn(browser, team.cadre);
	await cadre.getByRole('link', { name: new RegExp(team.station) }).click();
	await expect(cadre.getByRole('heading', { name: team.station })).toBeVisible();

	// The duty day's record: the latest duty day (the 10th) is proposed.
	await cadre.goto(`/station/${stationId}/notices`);
	const record = cadre.getByTestId('duty-day-record');
	await expect(record.getByLabel('驻点日')).toHaveValue('2026-06-10');
	await record.getByRole('button', { name: '保存记录' }).click();
	await expect(record.getByRole('alert')).toHaveText('必填');
	// A number out of range says the range.
	await record.getByLabel('发放连心卡（张）').fill('100001');
	await record.getByRole('button', { name: '保存记录' }).click();
	await expect(record.getByRole('alert')).toHaveText('请填写 0–100000 之间的整数');
	await record.getByLabel('发放连心卡（张）').fill('120');
	await record.getByRole('button', { name: '保存记录' }).click();
	await expect(record.getByRole('status')).toHaveText('已保存：2026-06-10 发放连心卡 120 张');
	await expect(record.getByTestId('duty-day-row')).toContainText('2026-06-10：发放连心卡 120 张');
	await expectFitsPhone(cadre, 'duty-day record');

	// A household visit: cards left and people helped.
	await cadre.goto(`/station/${stationId}/visits/new`);
	await cadre.getByLabel('户主 / 住户').fill('望城小区 5-302');
	await cadre.getByLabel('发放连心卡（张）').fill('2');
	await cadre.getByLabel('帮扶人数（人次）').fill('1');
	await expectFitsPhone(cadre, 'new visit');
	await cadre.getByRole('button', { name: '保存', exact: true }).click();
	await expect(cadre.getByTestId('visit-cards')).toHaveText('2');
	await expect(cadre.getByTestId('visit-helped')).toHaveText('1');

	// Help to a tied resident: three person-times (a family of three).
	await cadre.goto(`/station/${stationId}/visits/ties`);
	await cadre.getByRole('button', { name: '＋ 新增结对' }).click();
	await cadre.getByLabel('姓名').fill('吴大爷');
	await cadre.getByLabel('类别').selectOption({ label: '困难群众' });
	await cadre.getByRole('button', { name: '保存', exact: true }).click();
	await cadre.getByRole('button', { name: '＋ 记录帮扶' }).click();
	await cadre.getByLabel('帮扶内容').fill('为一家三口办理低保');
	await cadre.getByLabel('帮扶人次').fill('3');
	await expectFitsPhone(cadre, 'help form');
	await cadre.getByRole('button', { name: '保存', exact: true }).click();
	await expect(cadre.getByRole('listitem').filter({ hasText: '为一家三口办理低保' })).toContainText('3 人次');
	await synced(cadre);
});

test('the office sees them in the statistics, as the seed states them', async ({ browser }) => {
	const office = await signedIn(browser, team.office);
	await office.goto('/stats');
	await expect(office.getByTestId('stats-shown')).toContainText('全区');
	const service = office.getByTestId('service');
	await expect(service.getByTestId('service-cards').locator('.n')).toHaveText('122');
	await expect(service.getByTestId('service-helpTimes').locator('.n')).toHaveText('4');
	await expect(service.getByTestId('service-cadres').locator('.n')).toHaveText('1');
	await expect(service).toContainText('连心卡：驻点日 120 张、走访 2 张；帮扶：结对帮扶 3 人次、走访 1 人次。');
	await expectFitsPhone(office, 'statistics');
	await office.context().close();
});

test('the cadre escalates an entry to tier 4', async () => {
	await cadre.goto(`/station/${stationId}`);
	entryUrl = await recordEntry(cadre, CONTENT, '交通出行');
	await cadre.getByRole('button', { name: '升级' }).click();
	await cadre.getByLabel('升级到').selectOption({ label: '4级 · 统筹办结' });
	await cadre.getByLabel('责任人').fill('一线办');
	await cadre.getByLabel('办结时限').fill('2099-07-31');
	await cadre.getByRole('button', { name: '保存' }).click();
	await expect(cadre.getByRole('listitem').filter({ hasText: '升级为统筹办结' })).toBeVisible();
	await synced(cadre);
	// The meeting is today: the team's due card puts the entry on its agenda, and leads to it.
	await cadre.goto(`/station/${stationId}`);
	const agenda = cadre.getByTestId('due').getByRole('link', { name: '1 条统筹办结事项将提交 2026-06-25 调度会' });
	await expect(agenda).toBeVisible();
	await agenda.click();
	await expect(cadre).toHaveURL(entryUrl);
});

test('the dispatch meeting refers it on to the standing committee; the office records the outcome', async ({ browser }) => {
	const office = await signedIn(browser, team.office);
	await office.goto('/office/dispatch');
	await office.getByRole('button', { name: '开始准备会议议程' }).click();
	const item = office.getByTestId('agenda-item').filter({ hasText: CONTENT });
	await item.getByRole('button', { name: '提交集体研究' }).click();
	await item.getByRole('button', { name: '确认提交' }).click();
	await expect(item.getByRole('alert')).toHaveText('必填'); // the body must be chosen
	await item.getByRole('radio', { name: '区委常委会' }).check();
	await item.getByLabel('提交说明').fill('涉及规划调整，需常委会研究');
	await expectFitsPhone(office, 'refer form');
	await item.getByRole('button', { name: '确认提交' }).click();
	await expect(item.getByTestId('referral')).toContainText('已提交区委常委会集体研究（2026-06-25）');
	await expect(item.getByRole('button', { name: '提交集体研究' })).toHaveCount(0);

	await office.getByRole('navigation', { name: '一线办' }).getByRole('link', { name: '提交研究事项' }).click();
	await expect(office).toHaveURL(/\/office\/referrals$/);
	const open = office.getByTestId('open-referral').filter({ hasText: CONTENT });
	await expect(open).toContainText('已等待 0 天');
	await expect(open).toContainText('2026-06-25 提交区委常委会');
	await expectFitsPhone(office, 'referrals list');
	await open.getByRole('button', { name: '记录结果' }).click();
	await open.getByLabel('研究结果').fill('常委会同意调整规划，由区住建局实施');
	await open.getByLabel('责任部门（可不填）').fill('区住建局');
	await open.getByRole('button', { name: '记录结果' }).click();
	await expect(office.getByTestId('open-referral')).toHaveCount(0);
	await expect(office.getByText('没有等待研究结果的事项。', { exact: false })).toBeVisible();
	const settled = office.getByTestId('settled-referral').filter({ hasText: CONTENT });
	await expect(settled).toContainText('研究结果（2026-06-25）：常委会同意调整规划，由区住建局实施');
	await expect(settled).toContainText('用时 0 天');
	expect(await layoutProblems(office)).toEqual([]);

	await office.goto('/stats');
	await expect(office.getByTestId('referred')).toHaveText('期内调度会提交区委常委会、区政府常务会集体研究 1 件，已有研究结果 1 件。');
	await office.context().close();
});

test("the cadre's entry timeline shows the referral and its outcome", async () => {
	await cadre.goto(entryUrl);
	await expect(cadre.getByRole('listitem').filter({ hasText: '提交区委常委会集体研究（调度会 2026-06-25）' })).toContainText('涉及规划调整，需常委会研究');
	await expect(cadre.getByRole('listitem').filter({ hasText: '集体研究结果' })).toContainText('责任部门：区住建局');
	await expect(cadre.getByTestId('responsible')).toHaveText('区住建局');
	await expectFitsPhone(cadre, 'entry timeline');
});

test('the day after its deadline the due card says the entry is overdue, and shows the overdue entries', async () => {
	// The phone's calendar moves past the deadline set at the escalation (2099-07-31).
	await cadre.context().clock.setSystemTime(new Date('2099-08-01T02:00:00.000Z'));
	await cadre.goto(`/station/${stationId}`);
	const due = cadre.getByTestId('due');
	await expect(due.getByRole('button', { name: '1 条事项已超期，查看' })).toBeVisible();
	// The meeting of 2026-06-25 is long past: no agenda line for it.
	await expect(due).not.toContainText('调度会');
	await due.getByRole('button', { name: '1 条事项已超期，查看' }).click();
	// The filter in force shows as a chip; the list holds the overdue entry (the station's only one).
	const chip = cadre.getByRole('button', { name: /只看逾期/ });
	await expect(chip).toBeVisible();
	await expect(cadre.getByTestId('ledger-count')).toHaveText('1 / 1 条');
	await expect(cadre.getByRole('listitem').filter({ hasText: CONTENT })).toBeVisible();
	// The chip takes the filter off again.
	await chip.click();
	await expect(chip).toHaveCount(0);
	await expect(cadre.getByTestId('ledger-count')).toHaveText('1 / 1 条');
	await cadre.context().close();
});
