// The cadre's file end to end: a cadre checks in on the duty day and asks leave for the next one,
// the office approves it, and the cadre's file shows both; the ledger exports to CSV with its header.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { clockedContext, worldNow } from './clock';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const OFFICE = { phone: '13910000001', name: '一线办周主任', password: 'office-pass-1' };
const CADRE = { phone: '13910000002', name: '孙驻点', password: 'cadre-pass-1' };
let stationId = '';
// The duty day the cadre asked leave for (set by the first test, read by the office's).
let leaveDate = '';


async function signedIn(browser: Browser, who: { phone: string; password: string }): Promise<Page> {
	const p = await (await clockedContext(await browser.newContext())).newPage();
	await p.goto('/signin');
	await p.getByLabel('手机号').fill(who.phone);
	await p.getByLabel('密码').fill(who.password);
	await p.getByRole('button', { name: '登录' }).click();
	await expect(p).toHaveURL('/');
	return p;
}

const token = async (p: Page, who: { phone: string; password: string }) =>
	(await (await p.request.post('/api/session', { data: { phone: who.phone, password: who.password } })).json()).access as string;

// The spec runs on a fixed day (tests/e2e/clock.ts) that both the browser and the server see.
const dayOfMonth = () => Number(worldNow()!.slice(8, 10));

test.beforeAll(() => {
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', OFFICE.password);
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', CADRE.name, '--password', CADRE.password);
	admin('street', 'add', '--name', '文化街道');
	stationId = /id (\w+)/.exec(admin('station', 'add', '--name', '书院社区', '--street', '文化街道'))![1];
	admin('team', 'add', '--station', stationId, '--phone', CADRE.phone, '--role', 'cadre');
});

test('a cadre checks in on the duty day and asks leave; the office approves; the file shows both', async ({ browser }) => {
	const office = await signedIn(browser, OFFICE);
	// The duty day is today, so the check-in button shows.
	const put = await office.request.put('/api/calendar', {
		headers: { authorization: `Bearer ${await token(office, OFFICE)}` },
		data: { dutyDay: dayOfMonth(), dutyDayPart: 'afternoon', announceDaysBefore: 2, dispatchDay: 25 }
	});
	expect(put.ok()).toBe(true);

	const cadre = await signedIn(browser, CADRE);
	await cadre.getByRole('button', { name: '菜单' }).click();
	await cadre.getByRole('link', { name: '我的档案' }).click();
	await cadre.getByRole('button', { name: '到岗签到' }).click();
	await expect(cadre.getByText('今天已到岗')).toBeVisible();
	await expect(cadre.getByTestId('cadre-month')).toContainText('已到岗');

	await cadre.getByRole('button', { name: '提交请假申请' }).click();
	await expect(cadre.locator('#leave-reason-error')).toHaveText('必填');
	await cadre.getByLabel('请假事由').fill('参加区委党校培训');
	await cadre.getByRole('button', { name: '提交请假申请' }).click();
	await expect(cadre.getByText('待审批')).toBeVisible();
	leaveDate = (await cadre.locator('.leave strong').first().textContent())!;
	// The same day again: said plainly at the day's field, and no "sent" left standing.
	await cadre.getByLabel('请假的驻点工作日').selectOption(leaveDate);
	await cadre.getByLabel('请假事由').fill('再次提交');
	await cadre.getByRole('button', { name: '提交请假申请' }).click();
	await expect(cadre.locator('#leave-date-error')).toHaveText('这一天已经请过假，见上方列表');
	await expect(cadre.getByText('已提交，等待一线办审批')).toHaveCount(0);
	await expect(cadre.getByRole('alert').filter({ hasText: 'already-asked' })).toHaveCount(0);
	await expect(cadre.getByLabel('请假事由')).toHaveValue('再次提交');

	await office.goto('/office/leave');
	const item = office.getByTestId('leave-item').filter({ hasText: CADRE.name });
	await expect(item).toContainText('参加区委党校培训');
	// A decision is final: asked first, and a no decides nothing (after a reload too).
	let asked = '';
	office.once('dialog', (d) => ((asked = d.message()), d.dismiss()));
	await item.getByRole('button', { name: '批准', exact: true }).click();
	expect(asked).toContain(`批准${CADRE.name}`);
	expect(asked).toContain(leaveDate);
	await office.reload();
	await expect(item).toContainText('待审批');
	office.once('dialog', (d) => ((asked = d.message()), d.dismiss()));
	await item.getByRole('button', { name: '不批准', exact: true }).click();
	expect(asked).toContain(`不批准${CADRE.name}`);
	await office.reload();
	await expect(item).toContainText('待审批');
	office.once('dialog', (d) => d.accept());
	await item.getByRole('button', { name: '批准', exact: true }).click();
	await expect(item).toContainText('已批准');

	await cadre.reload();
	await expect(cadre.getByText('已批准')).toBeVisible();
	await cadre.getByLabel('月份').fill(leaveDate.slice(0, 7));
	await expect(cadre.getByTestId('cadre-month')).toContainText('已请假（获批）');
});

test('a cadre withdraws a pending leave request, after confirming; the office no longer sees it', async ({ browser }) => {
	const cadre = await signedIn(browser, CADRE);
	await cadre.goto('/file');
	// The approved request has no way back: the office decided.
	const approved = cadre.locator('.leave li').filter({ hasText: leaveDate });
	await expect(approved).toContainText('已批准');
	await expect(approved.getByRole('button', { name: /撤回/ })).toHaveCount(0);

	const other = (await cadre.getByLabel('请假的驻点工作日').locator('option').allTextContents()).find((d) => d !== leaveDate)!;
	await cadre.getByLabel('请假的驻点工作日').selectOption(other);
	await cadre.getByLabel('请假事由').fill('原定外出调研');
	await cadre.getByRole('button', { name: '提交请假申请' }).click();
	const pending = cadre.locator('.leave li').filter({ hasText: other });
	await expect(pending).toContainText('待审批');

	// Asked first; a no keeps the request.
	let asked = '';
	cadre.once('dialog', (d) => ((asked = d.message()), d.dismiss()));
	await pending.getByRole('button', { name: `撤回 ${other} 的请假申请` }).click();
	expect(asked).toContain(other);
	await expect(pending).toContainText('待审批');

	cadre.once('dialog', (d) => d.accept());
	await pending.getByRole('button', { name: `撤回 ${other} 的请假申请` }).click();
	await expect(cadre.getByRole('status').filter({ hasText: '已撤回' })).toBeVisible();
	await expect(pending).toHaveCount(0);

	const office = await signedIn(browser, OFFICE);
	await office.goto('/office/leave');
	await expect(office.getByTestId('leave-item').filter({ hasText: CADRE.name }).first()).toBeVisible();
	await expect(office.getByTestId('leave-item').filter({ hasText: '原定外出调研' })).toHaveCount(0);
});

test('the office picks the cadre from the files screen and sees the leave in the half-year file', async ({ browser }) => {
	const office = await signedIn(browser, OFFICE);
	await office.goto('/office');
	await office.getByRole('link', { name: '干部档案' }).click();
	const item = office.getByTestId('cadre-item').filter({ hasText: CADRE.name });
	await expect(item).toContainText('书院社区');
	await expect(item).toContainText('文化街道');
	await item.click();
	await office.getByLabel('月份').fill(leaveDate.slice(0, 7));
	await office.getByRole('button', { name: /半年/ }).click();
	await expect(office.getByTestId('cadre-half').getByRole('row', { name: /请假次数/ })).toHaveText(/请假次数\s*1/);
});

test('the office reading a station on its duty day is not asked to post its notice or to be there, nor to add to an empty ledger', async ({ browser }) => {
	const office = await signedIn(browser, OFFICE);
	await office.goto(`/station/${stationId}`);
	await expect(office.getByTestId('read-only')).toBeVisible();
	// What is due is told the reader as it stands; what to do about it (post the notice, be at the
	// station) is the team's.
	await expect(office.getByTestId('due')).toContainText('今天是驻点工作日');
	await expect(office.getByTestId('due')).toContainText('公告还未发布');
	await expect(office.getByTestId('due')).not.toContainText('去发布');
	await expect(office.getByTestId('due')).not.toContainText('请按时到岗');
	await expect(office.getByText('台账还是空的')).toBeVisible();
	await expect(office.getByText('记一条')).toHaveCount(0);
	// The cadre, on the same day, is asked both.
	const cadre = await signedIn(browser, CADRE);
	await cadre.goto(`/station/${stationId}`);
	await expect(cadre.getByTestId('due')).toContainText('请按时到岗');
	await expect(cadre.getByTestId('due')).toContainText('去发布');
});

test('the ledger exports to CSV with a BOM and the documented header', async ({ browser }) => {
	const office = await signedIn(browser, OFFICE);
	const res = await office.request.get(`/api/exports/ledger.csv?scope=station:${stationId}`, { headers: { authorization: `Bearer ${await token(office, OFFICE)}` } });
	expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
	const bytes = await res.body();
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(bytes.toString('utf8').slice(1).split('\r\n')[0]).toMatch(/^街道,驻点,编号,受理日期,类别,问题内容/);
});
