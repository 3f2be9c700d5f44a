// Every main screen on a 390×844 phone, signed in as the cadre and as the office and on the public
// pages: nothing wider than the screen, app-bar labels on one line, touch targets of 44 px, and axe
// (WCAG 2 A/AA and best practice, every impact) with nothing to report.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { expectFitsPhone, PHONE, signedInOnPhone } from './phone-check';
import { admin } from './world';

// Many screens, each measured and run through axe: longer than one ordinary test.
test.describe.configure({ mode: 'serial', timeout: 300_000 });

const PASSWORD = 'phone-pass-2024';
const OFFICE = { phone: '13810000001', name: '一线办陈主任' };
const LEADER = { phone: '13810000003', name: '郑区长' };
const CADRE = { phone: '13810000002', name: '吴驻点', unit: '区住房和城乡建设局', position: '四级主任科员' };
const STATION = '幸福里社区';
let stationId = '';
let cadre: Page;
let noticePath = '';

const signedIn = (browser: Browser, phone: string) => signedInOnPhone(browser, phone, PASSWORD);

test.beforeAll(async ({ browser }) => {
	// `npm run admin` starts a process per call: slow on a busy machine.
	test.setTimeout(180_000);
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', PASSWORD);
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', CADRE.name, '--unit', CADRE.unit, '--position', CADRE.position, '--password', PASSWORD);
	admin('street', 'add', '--name', '新华路街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '新华路街道'))![1];
	admin('team', 'add', '--station', stationId, '--phone', CADRE.phone, '--role', 'cadre');
	admin('person', 'add', '--role', 'leader', '--phone', LEADER.phone, '--name', LEADER.name, '--password', PASSWORD);
	admin('leader', 'add', '--street', '新华路街道', '--phone', LEADER.phone);
	cadre = await signedIn(browser, CADRE.phone);
});

test('the cadre’s screens fit a phone', async () => {
	const page = cadre;
	await expect(page.getByRole('link', { name: new RegExp(STATION) })).toContainText('已同步');
	await expectFitsPhone(page, 'home, cadre');
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();

	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(page.getByLabel('问题内容')).toBeVisible();
	await expectFitsPhone(page, 'quick entry');
	await page.getByLabel('问题内容').fill('3号楼北侧雨水管破裂，下雨时积水进入一楼住户家中');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 1 条');

	await page.getByRole('link', { name: /雨水管/ }).click();
	await page.getByRole('button', { name: '升级' }).click();
	await page.getByLabel('责任人').fill('新华路街道城管科王科长');
	await page.getByLabel('办结时限').fill('2099-12-31');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByTestId('deadline')).toHaveText('2099-12-31');
	await expectFitsPhone(page, 'entry');
	// The tier-3 form's department chips are targets too.
	await page.getByRole('button', { name: '升级' }).click();
	await page.getByLabel('升级到').selectOption({ label: '3级 · 协调办结' });
	await expect(page.getByRole('group', { name: '涉及部门' })).toBeVisible();
	await expectFitsPhone(page, 'escalation to tier 3');
	await page.getByRole('button', { name: '取消' }).click();
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toBeVisible();
	await expectFitsPhone(page, 'ledger');
	// A tier-2 row shows its deadline whole.
	await expect(page.getByRole('link', { name: /雨水管/ })).toContainText('2099-12-31');
	const deadline = page.getByRole('link', { name: /雨水管/ }).getByText('2099-12-31');
	const box = (await deadline.boundingBox())!;
	const row = (await page.getByRole('link', { name: /雨水管/ }).boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(row.x + row.width);

	// A resident's report waiting: the inbox tab shows its count beside its label.
	const resident = await page.context().newPage();
	await resident.goto(`/p/${stationId}`);
	await resident.getByLabel('您要反映的问题').fill('小区门口路灯不亮');
	await resident.getByRole('button', { name: '提交' }).click();
	await expect(resident.getByTestId('report-ref')).toBeVisible();
	await resident.close();
	await expect(page.getByTestId('inbox-count')).toHaveText('1');
	await expectFitsPhone(page, 'ledger, a report waiting');
	// On the label's line, beside it: not pushed under it.
	const [label, count] = await page.getByTestId('inbox-link').evaluate((tab) => {
		const text = [...tab.querySelectorAll('*'), tab].flatMap((el) => [...el.childNodes]).find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('来信'))!;
		const range = document.createRange();
		range.selectNodeContents(text);
		const box = (r: DOMRect) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
		return [box(range.getBoundingClientRect()), box(tab.querySelector('[data-testid="inbox-count"]')!.getBoundingClientRect())];
	});
	expect(count.left).toBeGreaterThanOrEqual(label.right - 1);
	expect(count.top).toBeLessThan(label.bottom);

	for (const [tab, ready] of [
		['走访', /走访/],
		['金点子', /金点子/],
		['公告', /公告/],
		['驻点信息', /问题分类/]
	] as const) {
		await page.getByRole('navigation', { name: STATION }).getByRole('link', { name: tab }).click();
		await expect(page.getByRole('main').getByText(ready).first()).toBeVisible();
		await expectFitsPhone(page, `tab ${tab}`);
	}

	await page.getByRole('navigation', { name: STATION }).getByRole('link', { name: '公告' }).click();
	await page.getByRole('link', { name: /起草 .* 驻点工作日公告/ }).click();
	await expect(page.getByLabel('单位')).toHaveValue(CADRE.unit);
	await expectFitsPhone(page, 'notice draft');
	await page.getByLabel('地点').fill('幸福里社区党群服务中心二楼会议室');
	await page.getByLabel('主要事项').fill('老旧小区改造意见征集；雨污分流施工安排');
	await page.getByRole('button', { name: '保存草稿' }).click();
	await page.getByRole('button', { name: '发布公告' }).click();
	await expect(page.getByTestId('notice-status')).toHaveText('已发布');
	await expectFitsPhone(page, 'notice');
	noticePath = new URL((await page.getByTestId('public-url').getAttribute('href'))!, baseURL()).pathname;

	for (const path of ['/file', '/stats', '/settings', `/station/${stationId}/inbox`, `/station/${stationId}/visits/new`, `/station/${stationId}/visits/ties`, `/station/${stationId}/ideas`]) {
		await page.goto(path);
		await expect(page.getByRole('main')).toBeVisible();
		await page.waitForLoadState('networkidle');
		await expectFitsPhone(page, path);
	}
	// The statistics' heading wraps between its words, never inside a date of its period.
	await page.goto('/stats');
	await expect(page.getByTestId('stats-shown')).toBeVisible();
	const brokenDates = await page.getByTestId('stats-shown').evaluate((heading) => {
		const broken: string[] = [];
		const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			for (const m of (n.textContent ?? '').matchAll(/\d{4}-\d{2}-\d{2}/g)) {
				const range = document.createRange();
				range.setStart(n, m.index!);
				range.setEnd(n, m.index! + m[0].length);
				const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => r.top);
				if (Math.max(...tops) - Math.min(...tops) > 4) broken.push(m[0]);
			}
		}
		return broken;
	});
	expect(brokenDates).toEqual([]);
	// The version reads as the day it was built, not a raw timestamp.
	await page.goto('/settings');
	await expect(page.getByTestId('app-version')).toHaveText(/^版本：\d{4}/);
	await expect(page.getByTestId('app-version')).not.toHaveText(/\d{12}/);

	// A long unbroken text (a pasted link, a code) wraps: the entry's actions stay on the screen.
	await page.goto(`/station/${stationId}/new`);
	await page.getByLabel('问题内容').fill(`居民转来的链接https://example.gov.cn/${'abcdefghij'.repeat(15)}打不开`);
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await page.getByRole('link', { name: /居民转来的链接/ }).click();
	await expect(page.getByRole('button', { name: '办结' })).toBeVisible();
	await expectFitsPhone(page, 'entry with a long unbroken text');
});

test('a ledger row sent back to work (重办) still shows its deadline whole', async () => {
	const page = cadre;
	await page.goto(`/station/${stationId}/new`);
	await page.getByLabel('问题内容').fill('楼道声控灯不亮，群众反映修了又坏');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await page.getByRole('link', { name: /声控灯/ }).click();
	await page.getByRole('button', { name: '升级' }).click();
	await page.getByLabel('升级到').selectOption({ label: '3级 · 协调办结' });
	await page.getByLabel('住建').check();
	await page.getByLabel('责任人').fill('物业公司李经理');
	await page.getByLabel('办结时限').fill('2099-12-20');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByRole('button', { name: '办结' }).click();
	await page.getByLabel('解决情况').fill('已更换灯泡');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByRole('button', { name: '反馈群众' }).click();
	await page.getByLabel('群众满意度').selectOption({ label: '不满意（重办）' });
	await page.getByLabel('反馈内容').fill('又不亮了');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('重办 1 次').first()).toBeVisible();
	// What the resident was told, and how they answered: each said once, no brackets inside brackets.
	await expect(page.getByTestId('feedback')).toHaveText('又不亮了');
	await expect(page.getByTestId('satisfaction')).toHaveText('不满意（重办）');
	await expect(page.getByRole('main')).not.toContainText('（不满意（重办））');
	await page.getByRole('link', { name: '返回' }).click();
	const row = page.getByRole('link', { name: /声控灯/ });
	await expect(row).toContainText('重办 1 次');
	const deadline = row.getByText('2099-12-20');
	const box = (await deadline.boundingBox())!;
	const meta = (await row.locator('.meta').boundingBox())!;
	expect(box.x + box.width).toBeLessThanOrEqual(meta.x + meta.width);
});

test('the settings page follows a switch of language at once, its version line too', async () => {
	const page = cadre;
	await page.goto('/settings');
	await expect(page.getByTestId('app-version')).toHaveText(/^版本：\d{4}年/);
	await page.getByLabel('English').check();
	await expect(page.getByTestId('app-version')).toHaveText(/^Version: built [A-Z][a-z]{2} \d/);
	await page.getByLabel('简体中文').check();
	await expect(page.getByTestId('app-version')).toHaveText(/^版本：\d{4}年/);
});

test('the office’s screens fit a phone', async ({ browser }) => {
	const page = await signedIn(browser, OFFICE.phone);
	// The office sets stations up in the directory: no device-only "new station" on its home, no "local only" in its bar.
	await expect(page.getByRole('button', { name: '新建驻点' })).toHaveCount(0);
	await expect(page.getByRole('banner')).not.toContainText('仅本机');
	await expectFitsPhone(page, 'home, office');
	// The directory leads to a station's ledger; the people list says where each person serves, and as what.
	await page.goto('/office/stations');
	await expect(page.getByRole('link', { name: '台账', exact: true })).toHaveAttribute('href', `/station/${stationId}`);
	await page.goto('/office/people');
	await expect(page.getByRole('link', { name: new RegExp(CADRE.name) }).getByTestId('person-team')).toHaveText(`${STATION} · 驻点干部`);
	for (const path of ['/office', '/office/stations', `/office/stations/${stationId}`, '/office/people', '/office/streets', '/office/calendar', '/office/leave', '/office/dispatch', '/office/files', '/office/ratings', '/office/bulletins', '/coordination', '/stats']) {
		await page.goto(path);
		await expect(page.getByRole('main')).toBeVisible();
		await page.waitForLoadState('networkidle');
		await expectFitsPhone(page, path);
		// The office reads the district's coordination list, not "the streets you lead" (the leader's wording).
		if (path === '/coordination') {
			await expect(page.getByRole('main')).toContainText('全区');
			await expect(page.getByRole('main')).not.toContainText('您联系的街道');
		}
		// The office's tabs scroll sideways on a phone: the one of the page shown is in view, whichever it is.
		if (path.startsWith('/office/')) {
			const current = page.getByRole('navigation', { name: '一线办' }).locator('a[aria-current="page"]');
			await expect(current).toHaveCount(1);
			await expect.poll(async () => {
				const box = (await current.boundingBox())!;
				return box.x >= 0 && box.x + box.width <= PHONE.width;
			}, { message: `${path}: its tab in view` }).toBe(true);
		}
		// The row says there is more of it past an edge: it fades there.
		if (path === '/office/stations') {
			const strip = page.getByRole('navigation', { name: '一线办' });
			await strip.evaluate((el) => (el.scrollLeft = 0));
			await expect(strip).toHaveAttribute('data-more', 'after');
			await strip.evaluate((el) => (el.scrollLeft = el.scrollWidth));
			await expect(strip).toHaveAttribute('data-more', 'before');
			expect(await strip.evaluate((el) => getComputedStyle(el).maskImage)).toMatch(/gradient/);
		}
	}
	await page.context().close();
});

test('the office’s start page reaches every section on a phone, and counts leave waiting for a decision', async ({ browser }) => {
	// The cadre asks for leave on a coming duty day, straight at the API.
	const session = await (await cadre.request.post('/api/session', { data: { phone: CADRE.phone, password: PASSWORD } })).json();
	const auth = { authorization: `Bearer ${session.access}` };
	const me = await (await cadre.request.get('/api/duty/me', { headers: auth })).json();
	expect((await cadre.request.post('/api/duty/leave', { headers: auth, data: { date: me.upcoming[0], reason: '参加区里培训' } })).status()).toBe(201);

	const page = await signedIn(browser, OFFICE.phone);
	await page.goto('/office');
	const main = page.getByRole('main');
	for (const name of ['驻点', '人员', '街道', '调度会', '提交研究事项', '工作日历', '测评', '请假', '干部档案', '简报']) {
		const link = main.getByRole('link', { name: new RegExp(`^${name}`) });
		await expect(link, name).toBeVisible();
		const box = (await link.boundingBox())!;
		expect(box.x >= 0 && box.x + box.width <= PHONE.width && box.y + box.height <= PHONE.height, `${name} in view at a glance`).toBe(true);
	}
	await expect(main.getByRole('link', { name: /^请假/ })).toContainText('1 条待审批');
	await expect(main.getByRole('link', { name: /^请假/ })).toHaveAttribute('href', '/office/leave');
	await expectFitsPhone(page, '/office, every section');
	await page.context().close();
});

test('a station only read from this device shows no made-up zeros and never "local only"', async ({ browser }) => {
	const page = await signedIn(browser, LEADER.phone);
	const card = page.getByRole('link', { name: new RegExp(STATION) });
	await expect(card).toBeVisible();
	await expect(card).toContainText(/未打开|共 1 条/);
	await expect(card).not.toContainText('共 0 条');
	await expect(card).not.toContainText('仅本机');
	await expect(page.getByRole('banner')).not.toContainText('仅本机');
	await expectFitsPhone(page, 'home, street leader');
	await page.context().close();
});

test('a reader of the station is not told to fill in a duty day record they have no form for', async ({ browser }) => {
	const page = await signedIn(browser, LEADER.phone);
	await page.goto(`/station/${stationId}/notices`);
	const record = page.getByTestId('duty-day-record');
	await expect(record).toContainText('还没有驻点日记录');
	await expect(record.getByRole('button', { name: '保存记录' })).toHaveCount(0);
	await expect(record).not.toContainText('在上面填写');
	await page.context().close();
});

test('the public pages fit a phone, and the card sheet reads in one column', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE });
	const page = await context.newPage();
	for (const path of [`/p/${stationId}`, noticePath, `${noticePath}/cards`, `/p/${stationId}/r?ref=ABCDEF`, `/p/${stationId}/r?ref=ABCDEF&sent=1`, '/signin']) {
		await page.goto(path);
		// The sign-in page is the app shell, rendered in the browser: measure it once it is there.
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectFitsPhone(page, path);
	}
	await page.goto(`${noticePath}/cards`);
	const cards = page.locator('.contact-card');
	const first = (await cards.nth(0).boundingBox())!;
	const second = (await cards.nth(1).boundingBox())!;
	expect(second.y).toBeGreaterThan(first.y + first.height - 1);
	await context.close();
});
