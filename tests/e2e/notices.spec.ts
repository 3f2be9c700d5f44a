// A duty day's announcement end to end: a cadre drafts and posts it, anyone reads it (with the
// contact card and its QR) without signing in, residents' data never reach a public page; a
// resident reports a problem publicly, the team sees it arrive live, accepts it, and the
// resident's reference shows it is being handled. Unposting takes the notice down.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'notice-pass-2024';
const STATION = '春晖社区';
const cadre = { phone: '13710000001', name: '周干部', unit: '区发改局', position: '科长' };
// Residents' personal data: none of it may appear on a public page.
const ledgerReporter = { name: '陈居民', phone: '13912345678' };
const publicReporter = { name: '刘阿姨', phone: '13698765432' };


let stationId = '';
let team: Page;
let noticePath = '';

const fresh = (browser: Browser) => browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const synced = (page: Page) => expect(page.getByRole('banner').getByTestId('sync-state')).toHaveText(/已同步/);

test.beforeAll(async ({ browser }) => {
	admin('street', 'add', '--name', '东关街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '东关街道'))![1];
	admin('person', 'add', '--role', 'member', '--phone', cadre.phone, '--name', cadre.name, '--unit', cadre.unit, '--position', cadre.position, '--password', PASSWORD);
	admin('team', 'add', '--station', stationId, '--phone', cadre.phone, '--role', 'cadre');
	team = await (await fresh(browser)).newPage();
	team.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	await team.goto('/signin');
	await team.getByLabel('手机号').fill(cadre.phone);
	await team.getByLabel('密码').fill(PASSWORD);
	await team.getByRole('button', { name: '登录', exact: true }).click();
	await expect(team).toHaveURL(`${baseURL()}/`);
	await team.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(team.getByRole('heading', { name: STATION })).toBeVisible();
	await synced(team);
});

test.afterAll(async () => {
	await team?.context().close();
});

test('a cadre records a problem with the resident’s name and phone, and sees what is due', async () => {
	await team.getByRole('link', { name: '＋ 记一条' }).click();
	await team.getByLabel('问题内容').fill('3号楼楼道灯坏了');
	await team.getByRole('button', { name: '基础设施' }).click();
	await team.getByLabel('反映人姓名').fill(ledgerReporter.name);
	await team.getByLabel('联系电话').fill(ledgerReporter.phone);
	await team.getByRole('button', { name: '保存', exact: true }).click();
	await expect(team.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(team.getByTestId('due')).toContainText('下次驻点工作日');
});

test('drafts the next duty day’s announcement from the calendar and the cadre’s record, and posts it', async () => {
	await team.getByRole('navigation', { name: STATION }).getByRole('link', { name: '公告' }).click();
	await expect(team.getByText('还没有公告')).toBeVisible();
	await team.getByRole('link', { name: /起草 .* 驻点工作日公告/ }).click();
	await expect(team.getByLabel('单位')).toHaveValue(cadre.unit);
	await expect(team.getByLabel('联系电话')).toHaveValue(cadre.phone);
	await expect(team.getByLabel('驻点日期')).toHaveValue(/^\d{4}-\d{2}-10$/);
	// A missing place is named, and nothing typed is lost.
	await team.getByLabel('主要事项').fill('老旧小区改造意见征集');
	await team.getByRole('button', { name: '保存草稿' }).click();
	await expect(team.locator('#notice-place-error')).toHaveText('必填');
	await expect(team.getByLabel('主要事项')).toHaveValue('老旧小区改造意见征集');
	await team.getByLabel('地点').fill('社区党群服务中心');
	await team.getByRole('button', { name: '保存草稿' }).click();
	await expect(team.getByTestId('notice-status')).toHaveText('草稿');
	// An edit not yet saved is not posted behind the cadre's back: posting waits for the save.
	await team.getByLabel('地点').fill('社区党群服务中心二楼');
	await expect(team.getByRole('button', { name: '发布公告' })).toBeDisabled();
	await expect(team.getByText('有未保存的修改')).toBeVisible();
	await team.getByRole('button', { name: '保存', exact: true }).click();
	await expect(team.getByRole('button', { name: '发布公告' })).toBeEnabled();
	await team.getByRole('button', { name: '发布公告' }).click();
	await expect(team.getByTestId('notice-status')).toHaveText('已发布');
	noticePath = new URL((await team.getByTestId('public-url').getAttribute('href'))!, baseURL()).pathname;
	expect(noticePath).toMatch(new RegExp(`^/p/${stationId}/n/[0-9a-z]+$`));
	await synced(team);
	// The notices list no longer offers to draft the notice that is posted: it opens it.
	await team.getByRole('link', { name: '返回' }).click();
	await expect(team.getByRole('link', { name: /起草 .* 驻点工作日公告/ })).toHaveCount(0);
	await team.getByRole('link', { name: /驻点工作日公告已发布，查看/ }).click();
	await expect(team.getByTestId('notice-status')).toHaveText('已发布');
	await team.getByRole('link', { name: '返回' }).click();
	await expect(team.getByRole('link', { name: /驻点工作日公告已发布，查看/ })).toBeVisible();
});

test('a resident reports a problem publicly; the team sees it arrive live and accepts it into the ledger', async ({ browser }) => {
	await team.getByRole('navigation', { name: STATION }).getByRole('link', { name: '台账' }).click();
	await expect(team.getByTestId('inbox-link')).toBeVisible();
	await expect(team.getByTestId('inbox-count')).toHaveCount(0);

	const resident = await fresh(browser);
	const page = await resident.newPage();
	await page.goto(`/p/${stationId}`);
	await page.getByLabel('您要反映的问题').fill('小区门口路灯不亮');
	await page.getByLabel('地点（选填）').fill('北门');
	await page.getByLabel('您的称呼（选填）').fill(publicReporter.name);
	await page.getByLabel('联系电话（选填，便于回访）').fill(publicReporter.phone);
	await page.getByRole('button', { name: '提交' }).click();
	const ref = (await page.getByTestId('report-ref').textContent())!.trim();
	expect(ref).toMatch(/^[2-9A-Z]{6}$/);

	// Live: no reload on the team's side.
	await expect(team.getByTestId('inbox-count')).toHaveText('1');
	await team.getByTestId('inbox-link').click();
	const item = team.getByTestId('inbox-item').filter({ hasText: '小区门口路灯不亮' });
	await expect(item).toContainText(publicReporter.phone);
	await item.getByRole('link', { name: '受理，记入台账' }).click();
	await expect(team.getByLabel('问题内容')).toHaveValue('小区门口路灯不亮');
	await expect(team.getByLabel('反映人姓名')).toHaveValue(publicReporter.name);
	await expect(team.getByLabel('地点')).toHaveValue('北门');
	// A resident's report is not filed under "other" by itself: the team picks the category.
	await team.getByRole('button', { name: '保存', exact: true }).click();
	await expect(team.locator('#entry-category-error')).toHaveText('必填');
	await team.getByRole('button', { name: '基础设施' }).click();
	await team.getByRole('button', { name: '保存', exact: true }).click();
	await expect(item).toContainText('已受理');
	// The accepted report leads to its entry, by a link a thumb can hit (44 px, as every target).
	const open = item.getByRole('link', { name: '查看台账事项' });
	expect((await open.boundingBox())!.height).toBeGreaterThanOrEqual(43.5);
	// The entry names the reference the resident was given: a resident who calls in quotes it.
	await open.click();
	await expect(team.getByTestId('entry-report-ref')).toHaveText(`居民来信，查询编号 ${ref}`);
	await team.goBack();
	await expect(item).toContainText('已受理');
	await synced(team);

	await page.goto(`/p/${stationId}/r?ref=${ref}`);
	await expect(page.getByText('正在办理')).toBeVisible();
	await resident.close();
});

test('a report dismissed with a reason can still be accepted: the resident’s lookup follows', async ({ browser }) => {
	const resident = await fresh(browser);
	const page = await resident.newPage();
	await page.goto(`/p/${stationId}`);
	await page.getByLabel('您要反映的问题').fill('楼下广场舞音响太吵');
	await page.getByRole('button', { name: '提交' }).click();
	const ref = (await page.getByTestId('report-ref').textContent())!.trim();

	const item = team.getByTestId('inbox-item').filter({ hasText: '楼下广场舞音响太吵' });
	await item.getByRole('button', { name: '不予受理' }).click();
	await item.getByRole('button', { name: '确定不予受理' }).click();
	await expect(item.getByRole('alert')).toHaveText('必填');
	await item.getByLabel('理由').fill('属于城管执法范围，已告知可拨打12345');
	await item.getByRole('button', { name: '确定不予受理' }).click();
	await expect(item).toContainText('属于城管执法范围');
	await synced(team);
	await page.goto(`/p/${stationId}/r?ref=${ref}`);
	await expect(page.getByRole('main')).toContainText('属于城管执法范围');

	// Thought over: accepted after all, into the ledger; the lookup says it is being handled.
	await item.getByRole('link', { name: '改为受理' }).click();
	await expect(team.getByLabel('问题内容')).toHaveValue('楼下广场舞音响太吵');
	await team.getByRole('button', { name: '基础设施' }).click();
	await team.getByRole('button', { name: '保存', exact: true }).click();
	await expect(item).toContainText('已受理');
	await expect(item.getByRole('link', { name: '改为受理' })).toHaveCount(0);
	await synced(team);
	await page.reload();
	await expect(page.getByText('正在办理')).toBeVisible();
	await resident.close();
});

test('a report the station’s lawyer accepts keeps the resident’s contact for the team, on its entry', async ({ browser }) => {
	const lawyerAccount = { phone: '13710000009', name: '郑律师' };
	admin('person', 'add', '--role', 'member', '--phone', lawyerAccount.phone, '--name', lawyerAccount.name, '--password', PASSWORD);
	admin('team', 'add', '--station', stationId, '--phone', lawyerAccount.phone, '--role', 'lawyer');
	const resident = await fresh(browser);
	const page = await resident.newPage();
	await page.goto(`/p/${stationId}`);
	await page.getByLabel('您要反映的问题').fill('邻里宅基地纠纷，想咨询法律途径');
	await page.getByLabel('您的称呼（选填）').fill('孙大爷');
	await page.getByLabel('联系电话（选填，便于回访）').fill('13611112222');
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByTestId('report-ref')).toBeVisible();
	await resident.close();

	// The lawyer holds no residents' contacts: the report is accepted without its reporter.
	const lawyer = await (await fresh(browser)).newPage();
	await lawyer.goto('/signin');
	await lawyer.getByLabel('手机号').fill(lawyerAccount.phone);
	await lawyer.getByLabel('密码').fill(PASSWORD);
	await lawyer.getByRole('button', { name: '登录', exact: true }).click();
	await expect(lawyer).toHaveURL(`${baseURL()}/`);
	await lawyer.goto(`/station/${stationId}/inbox`);
	const item = lawyer.getByTestId('inbox-item').filter({ hasText: '邻里宅基地纠纷' });
	await expect(item).not.toContainText('13611112222');
	await item.getByRole('link', { name: '受理，记入台账' }).click();
	await expect(lawyer.getByLabel('反映人姓名')).toHaveCount(0);
	await lawyer.getByRole('button', { name: '基础设施' }).click();
	await lawyer.getByRole('button', { name: '保存', exact: true }).click();
	await expect(item).toContainText('已受理');
	await synced(lawyer);
	await lawyer.context().close();

	// The team opens the entry from the inbox: the contact the resident left is there, as on the card.
	await team.goto(`/station/${stationId}/inbox`);
	const card = team.getByTestId('inbox-item').filter({ hasText: '邻里宅基地纠纷' });
	await expect(card).toContainText('已受理');
	await card.getByRole('link', { name: '查看台账事项' }).click();
	await expect(team.getByText('邻里宅基地纠纷，想咨询法律途径')).toBeVisible();
	await expect(team.getByTestId('report-contact')).toHaveText('孙大爷 13611112222');
});

test('anyone opens the posted notice without signing in: contact card and QR, and no resident data', async ({ browser }) => {
	const anyone = await fresh(browser);
	const page = await anyone.newPage();
	const res = await page.goto(noticePath);
	expect(res?.status()).toBe(200);
	await expect(page.getByText(cadre.unit).first()).toBeVisible();
	await expect(page.getByText(cadre.phone).first()).toBeVisible();
	await expect(page.getByText('社区党群服务中心二楼').first()).toBeVisible();
	await expect(page.locator('.contact-card svg')).toHaveCount(1);
	// The card has its own layout (a 90 mm card, its text beside the QR) on the poster and on the
	// sheet of cards to print: the public pages have no script, so its styles come with the page.
	const laidOut = (card: Locator) => card.evaluate((el) => ({ display: getComputedStyle(el).display, width: Math.round(el.getBoundingClientRect().width), border: getComputedStyle(el).borderTopStyle }));
	expect(await laidOut(page.locator('.contact-card'))).toEqual({ display: 'grid', width: 340, border: 'solid' });
	await page.goto(`${noticePath}/cards`);
	await expect(page.locator('.contact-card')).toHaveCount(10);
	expect(await laidOut(page.locator('.contact-card').first())).toEqual({ display: 'grid', width: 340, border: 'solid' });
	const pages = [await page.content(), await (await anyone.request.get(`/p/${stationId}`)).text(), await (await anyone.request.get(`${noticePath}/cards`)).text()];
	for (const html of pages) {
		for (const secret of [ledgerReporter.name, ledgerReporter.phone, publicReporter.name, publicReporter.phone]) expect(html).not.toContain(secret);
	}
	await anyone.close();
});

test('unposting takes the notice down: its public URL answers 404', async ({ browser }) => {
	await team.getByRole('navigation', { name: STATION }).getByRole('link', { name: '公告' }).click();
	await team.getByRole('link', { name: /春晖社区驻点工作日公告/ }).click();
	// A posted notice cannot be deleted: the page says to take it down first.
	await expect(team.getByText('请先撤下')).toBeVisible();
	await expect(team.getByRole('button', { name: '删除草稿' })).toHaveCount(0);
	team.once('dialog', (d) => d.accept());
	await team.getByRole('button', { name: '撤下公告' }).click();
	await expect(team.getByTestId('notice-status')).toHaveText('草稿');
	await synced(team);
	const anyone = await fresh(browser);
	expect((await anyone.request.get(noticePath)).status()).toBe(404);
	await anyone.close();
});

test('a draft can be deleted (after a confirm) and leaves the list', async () => {
	await expect(team.getByTestId('notice-status')).toHaveText('草稿');
	team.once('dialog', (d) => d.accept());
	await team.getByRole('button', { name: '删除草稿' }).click();
	await expect(team).toHaveURL(`${baseURL()}/station/${stationId}/notices`);
	await expect(team.getByText('还没有公告')).toBeVisible();
	await synced(team);
});

test('a duty day record the phone’s storage fails to save says so, keeps the figure, and saves on retry', async () => {
	const record = team.getByTestId('duty-day-record');
	await expect(record).toBeVisible();
	// The documents live in their worker: its IndexedDB refuses every write, as a full disk would.
	const docs = team.workers().find((w) => w.url().includes('docs'))!;
	expect(docs, 'the documents’ worker').toBeTruthy();
	await docs.evaluate(() => {
		const g = globalThis as unknown as { realTransaction: IDBDatabase['transaction'] };
		g.realTransaction = IDBDatabase.prototype.transaction;
		IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
			if (args[1] === 'readwrite') throw new DOMException('The disk is full', 'QuotaExceededError');
			return g.realTransaction.apply(this, args);
		} as IDBDatabase['transaction'];
	});
	await record.getByLabel('发放连心卡（张）').fill('37');
	await record.getByRole('button', { name: '保存记录' }).click();
	await expect(record.getByRole('alert')).toContainText('没能保存到本机');
	await expect(record.getByRole('status')).toHaveCount(0);
	await expect(record.getByLabel('发放连心卡（张）')).toHaveValue('37');

	// The storage back: one tap stores it, and says so.
	await docs.evaluate(() => {
		IDBDatabase.prototype.transaction = (globalThis as unknown as { realTransaction: IDBDatabase['transaction'] }).realTransaction;
	});
	await record.getByRole('button', { name: '重试保存' }).click();
	await expect(record.getByRole('status')).toContainText('发放连心卡 37 张');
	await expect(record.getByRole('alert')).toHaveCount(0);
	await expect(record.getByTestId('duty-day-row').filter({ hasText: '发放连心卡 37 张' })).toHaveCount(1);
});
