// The half-yearly rating end to end against the real server: the office opens a round and issues
// links with QR codes; raters with no account submit through their one-time links; a used link is
// refused; the office closes the round and sees the results with the flags.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible } from './accessible';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const OFFICE = { phone: '13700000001', name: '测评办', password: 'office-pass-1' };
const CADRE = { phone: '13700000002', name: '周驻点' };

let page: Page;
let links: string[] = [];


/** A rater's phone: a fresh browser with no session, no storage, nothing but the link. */
async function rater(browser: Browser, path: string): Promise<Page> {
	const context = await browser.newContext();
	const p = await context.newPage();
	await p.goto(path);
	return p;
}

test.beforeAll(async ({ browser }) => {
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', OFFICE.password);
	admin('street', 'add', '--name', '南门街道');
	admin('station', 'add', '--name', '和平社区', '--street', '南门街道', '--id', 'ratingstation1');
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', CADRE.name, '--password', 'cadre-pass-1');
	admin('team', 'add', '--station', 'ratingstation1', '--phone', CADRE.phone, '--role', 'cadre');
	const context = await browser.newContext();
	page = await context.newPage();
	page.on('dialog', (dialog) => dialog.accept());
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(OFFICE.phone);
	await page.getByLabel('密码').fill(OFFICE.password);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page).toHaveURL('/');
});

test.afterAll(async () => {
	await page.context().close();
});

test('the office opens a round for this half-year', async () => {
	await page.goto('/office/ratings');
	await expect(page.getByText('还没有测评轮次')).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('button', { name: '开启测评' }).click();
	await expect(page.getByLabel('截止日期')).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
	await page.getByRole('button', { name: '开启测评' }).click();
	const round = page.getByRole('link', { name: /年(上|下)半年/ });
	await expect(round).toContainText('进行中');
	await expect(round).toContainText('已提交 0 份');
});

test('issues one-time links for the station cadre, printable with QR codes', async () => {
	await page.getByRole('link', { name: /年(上|下)半年/ }).click();
	await expect(page.getByText('还没有发放链接')).toBeVisible();
	await page.getByRole('button', { name: '生成链接' }).click();
	await expect(page.locator('#links-station-error')).toHaveText('必填');
	await page.getByLabel('驻点', { exact: true }).selectOption({ label: `南门街道 · 和平社区（${CADRE.name}）` });
	await page.getByLabel('测评人类别').selectOption('party-member');
	await page.getByLabel('份数').fill('3');
	await page.getByRole('button', { name: '生成链接' }).click();
	const sheet = page.getByTestId('rating-sheet');
	await expect(page.getByText('链接只显示这一次')).toBeVisible();
	await expect(sheet.getByRole('listitem')).toHaveCount(3);
	await expect(sheet.locator('svg')).toHaveCount(3);
	links = await sheet.getByRole('link').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
	expect(links).toHaveLength(3);
	for (const link of links) expect(link).toMatch(/^\/rate\/[A-Za-z0-9_-]{32}$/);
	await expectAccessible(page);
	// One tap by mistake does not throw the links away: it asks first, and "cancel" keeps the sheet.
	const asked: string[] = [];
	page.removeAllListeners('dialog');
	page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
	await page.getByRole('button', { name: '已打印，关闭' }).click();
	await expect.poll(() => asked).toEqual(['关闭后这 3 个链接的二维码无法再显示。确定都已打印好了吗？']);
	await expect(sheet.getByRole('listitem')).toHaveCount(3);
	page.on('dialog', (dialog) => dialog.accept());
	await page.getByRole('button', { name: '已打印，关闭' }).click();
	await expect(sheet).toHaveCount(0);
	await expect(page.getByRole('row', { name: /和平社区/ })).toContainText(/党员\s*3\s*0/);
});

test('a rater submits once through a link, with no account and no script', async ({ browser }) => {
	const p = await rater(browser, links[0]);
	await expect(p.getByRole('heading', { name: '驻点干部满意度测评' })).toBeVisible();
	await expect(p.getByText(CADRE.name)).toBeVisible();
	await expect(p.getByText('南门街道 · 和平社区')).toBeVisible();
	await expect(p.getByText('党员', { exact: true })).toBeVisible();
	// Plain HTML: the page ships no script at all.
	await expect(p.locator('script')).toHaveCount(0);
	await expectAccessible(p);
	await p.getByRole('group', { name: '驻点出勤' }).getByLabel('满意', { exact: true }).check();
	// An item the rater does not know stays unanswered, and a choice made by mistake can be taken back.
	const pairing = p.getByRole('group', { name: '结对帮扶' });
	await expect(pairing.getByLabel('不了解')).toBeChecked();
	await pairing.getByLabel('满意', { exact: true }).check();
	await pairing.getByLabel('不了解').check();
	await expect(p.getByRole('group', { name: '总体评价' }).getByLabel('不了解')).toHaveCount(0);
	await p.getByRole('group', { name: '解决问题' }).getByLabel('基本满意').check();
	await p.getByRole('group', { name: '总体评价' }).getByLabel('满意', { exact: true }).check();
	await p.getByRole('button', { name: '提交测评' }).click();
	await expect(p.getByRole('heading', { name: '提交成功，谢谢您！' })).toBeVisible();
	await p.context().close();
});

test('the same link a second time is refused, and nothing can be changed', async ({ browser }) => {
	const p = await rater(browser, links[0]);
	await expect(p.getByRole('heading', { name: '这个链接已经使用过' })).toBeVisible();
	await expect(p.getByRole('button', { name: '提交测评' })).toHaveCount(0);
	await p.context().close();
});

test('a second rater submits through another link; an unknown link says so', async ({ browser }) => {
	const p = await rater(browser, links[1]);
	await p.getByRole('group', { name: '总体评价' }).getByLabel('不满意').check();
	await p.getByRole('button', { name: '提交测评' }).click();
	await expect(p.getByRole('heading', { name: '提交成功，谢谢您！' })).toBeVisible();
	await p.goto('/rate/' + 'A'.repeat(32));
	await expect(p.getByRole('heading', { name: '链接无效' })).toBeVisible();
	await p.context().close();
});

test('the office closes the round: a remaining link is refused', async ({ browser }) => {
	await expect(page.getByRole('row', { name: /和平社区/ })).toContainText(/党员\s*3\s*0/);
	await page.reload();
	await expect(page.getByRole('row', { name: /和平社区/ })).toContainText(/党员\s*3\s*2/);
	await page.getByRole('button', { name: '结束测评' }).click();
	await expect(page.getByText('测评已结束：不能再发放链接')).toBeVisible();
	await expect(page.getByRole('button', { name: '生成链接' })).toHaveCount(0);

	const p = await rater(browser, links[2]);
	await expect(p.getByRole('heading', { name: '测评已结束' })).toBeVisible();
	await p.context().close();
});

test('the results show the rates per item and overall, the flags and the rank', async () => {
	await page.getByRole('link', { name: '查看结果' }).click();
	const row = page.getByTestId('rating-row');
	await expect(row).toHaveCount(1);
	// One satisfied and one dissatisfied overall: 50%, below 90% and below 70%.
	await expect(row).toContainText(CADRE.name);
	await expect(row).toContainText('50.0%');
	await expect(row.getByText('不得评优（低于90%）')).toBeVisible();
	await expect(row.getByText('调整驻点（低于70%）')).toBeVisible();
	await expect(row.locator('td').first()).toHaveText('1');
	// 结对帮扶: taken back by the one rater who had chosen it, so no answer.
	await expect(row.locator('td').nth(3)).toHaveText('—');
	// On a phone the table scrolls sideways rather than squeezing the cadre's name a character a line.
	const viewport = page.viewportSize()!;
	await page.setViewportSize({ width: 390, height: 844 });
	const nameLines = () => row.locator('th').evaluate((th) => {
		const range = document.createRange();
		range.selectNodeContents(th.firstChild!);
		return range.getClientRects().length;
	});
	expect(await nameLines()).toBe(1);
	// …says so, and keeps whose row it is in view as it scrolls to the last column.
	const hint = page.getByText('表格可左右滑动，查看各项满意率');
	await expect(hint).toBeVisible();
	await page.locator('.scroll').evaluate((box) => box.scrollTo({ left: box.scrollWidth }));
	await expect.poll(() => page.locator('.scroll').evaluate((box) => box.scrollLeft)).toBeGreaterThan(50);
	await expect(row.getByText('调整驻点（低于70%）')).toBeInViewport();
	const name = (await row.locator('th').boundingBox())!;
	expect(name.x).toBeGreaterThanOrEqual(0);
	await page.setViewportSize(viewport);
	await expect(hint).toHaveCount(0);
	await expect(page.getByText('测评仍在进行')).toHaveCount(0);
	await expectAccessible(page);

	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: '导出 CSV' }).click();
	expect((await download).suggestedFilename()).toMatch(/\.csv$/);

	await page.getByRole('link', { name: /十佳驻点干部/ }).click();
	await expect(page.getByText(/还没有上下半年测评都不低于90%的驻点干部/)).toBeVisible();
	await expect(page.getByRole('row', { name: new RegExp(CADRE.name) })).toContainText('50.0%');
});
