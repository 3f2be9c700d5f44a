// Statistics and bulletins end to end: a cadre records three problems on the board and solves one;
// the office opens the district's statistics and sees exactly those figures (and a chart's table
// alternative), downloads the ledger CSV, then generates, edits, saves, reopens, prints and
// deletes a bulletin.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible } from './accessible';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const OFFICE = { phone: '13920000001', name: '一线办吴主任', password: 'office-pass-1' };
const CADRE = { phone: '13920000002', name: '钱驻点', password: 'cadre-pass-1' };
const STATION = '桂花社区';


async function signedIn(browser: Browser, who: { phone: string; password: string }): Promise<Page> {
	const p = await (await browser.newContext()).newPage();
	await p.goto('/signin');
	await p.getByLabel('手机号').fill(who.phone);
	await p.getByLabel('密码').fill(who.password);
	await p.getByRole('button', { name: '登录', exact: true }).click();
	await expect(p).toHaveURL(/\/$/);
	return p;
}

async function addEntry(page: Page, content: string, category: string) {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: category });
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
}

test.beforeAll(() => {
	admin('person', 'add', '--role', 'office', '--phone', OFFICE.phone, '--name', OFFICE.name, '--password', OFFICE.password);
	admin('person', 'add', '--role', 'member', '--phone', CADRE.phone, '--name', CADRE.name, '--password', CADRE.password);
	admin('street', 'add', '--name', '滨江街道');
	const stationId = /id (\w+)/.exec(admin('station', 'add', '--name', STATION, '--street', '滨江街道'))![1];
	admin('team', 'add', '--station', stationId, '--phone', CADRE.phone, '--role', 'cadre');
});

test('a cadre records problems on the board; the office sees them in the district statistics', async ({ browser }) => {
	const cadre = await signedIn(browser, CADRE);
	await cadre.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(cadre.getByRole('heading', { name: STATION })).toBeVisible();
	const stationPath = new URL(cadre.url()).pathname;
	await addEntry(cadre, '小区路灯不亮', '基础设施');
	await addEntry(cadre, '井盖松动', '基础设施');
	await addEntry(cadre, '物业费公示不清', '物业管理');
	await cadre.getByRole('listitem').filter({ hasText: '井盖松动' }).getByRole('link').first().click();
	await cadre.getByRole('button', { name: '办结', exact: true }).click();
	await cadre.getByLabel('解决情况').fill('已更换井盖');
	await cadre.getByRole('button', { name: '保存', exact: true }).click();
	await expect(cadre.getByRole('banner').getByTestId('sync-state')).toHaveText(/已同步/);

	const office = await signedIn(browser, OFFICE);
	await office.getByRole('button', { name: '菜单' }).click();
	await office.getByRole('link', { name: '统计', exact: true }).click();
	await expect(office).toHaveURL(/\/stats$/);
	await expect(office.getByLabel('统计范围')).toHaveValue('district');
	await expect(office.getByTestId('stats-shown')).toContainText('全区');
	await expect(office.getByTestId('count-collected').locator('.n')).toHaveText('3');
	await expect(office.getByTestId('count-solved').locator('.n')).toHaveText('1');
	await expect(office.getByTestId('count-open').locator('.n')).toHaveText('2');
	await expect(office.getByTestId('count-overdue').locator('.n')).toHaveText('0');
	// The households are the station cadres' visits (their target); the whole team's cards and help are counted apart.
	await expect(office.getByTestId('visits-summary')).toContainText('驻点干部走访');
	await expect(office.getByTestId('visits-summary')).toContainText('目标 50 户');
	await expect(office.getByTestId('visits-summary')).toContainText('0/1 名驻点干部达标');

	// The category chart: an image for the eye with its numbers in its label, and the same as a table.
	const chart = office.getByRole('figure').filter({ hasText: '问题类别' });
	await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /基础设施 2，物业管理 1/);
	await chart.getByText('以表格查看').click();
	await expect(chart.getByRole('row', { name: '基础设施 2' })).toBeVisible();
	await expect(chart.getByRole('row', { name: '物业管理 1' })).toBeVisible();
	await expectAccessible(office);
	await office.setViewportSize({ width: 390, height: 844 });
	await office.screenshot({ path: 'test-results/stats-district.png', fullPage: true });
	await expect(office.getByRole('figure').filter({ hasText: '办理指标' }).getByRole('img')).toHaveAttribute('aria-label', /解决率 33\.3%/);

	// A custom period with the ends the wrong way round names the field; nothing is asked.
	await office.getByLabel('统计期间').selectOption({ label: '自定义' });
	await office.getByLabel('开始日期').fill('2030-02-01');
	await office.getByLabel('结束日期').fill('2030-01-01');
	await expect(office.locator('#stats-to-error')).toHaveText('结束日期不能早于开始日期');
	await office.getByLabel('统计期间').selectOption({ label: '本月' });
	await expect(office.getByTestId('count-collected').locator('.n')).toHaveText('3');

	const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('button', { name: /下载台账/ }).click()]);
	expect(download.suggestedFilename()).toMatch(/^ledger-district-.*\.csv$/);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.charCodeAt(0)).toBe(0xfeff);
	expect(csv).toContain('小区路灯不亮');
	expect(csv).toContain('物业费公示不清');
	expect(csv.trim().split('\r\n')).toHaveLength(4);

	// The office reads the station's visits and ties: the team's, with no target of its own and no
	// empty state telling it to record what it cannot.
	await office.goto(`${stationPath}/visits`);
	await expect(office.getByText('本月还没有走访记录。', { exact: true })).toBeVisible();
	await expect(office.getByTestId('visit-progress')).toHaveCount(0);
	await expect(office.getByRole('button', { name: '我的走访' })).toHaveCount(0);
	await office.getByRole('link', { name: '结对帮扶' }).click();
	await expect(office.getByText('本驻点还没有结对对象。', { exact: true })).toBeVisible();
	await expect(office.getByTestId('tie-status')).toHaveCount(0);
});

test('the office generates a bulletin, edits, saves, reopens, prints and deletes it', async ({ browser }) => {
	const office = await signedIn(browser, OFFICE);
	// The district's name heads the printed bulletin.
	await office.goto('/office/calendar');
	await office.getByRole('textbox', { name: /区名称/ }).fill('城东区');
	await office.getByRole('button', { name: '保存区名称' }).click();
	await expect(office.getByText('区名称已保存')).toBeVisible();
	await office.goto('/office');
	await office.getByRole('link', { name: '简报', exact: true }).click();
	await expect(office.getByText('还没有简报')).toBeVisible();
	await office.getByRole('button', { name: '生成初稿' }).click();
	await expect(office).toHaveURL(/\/office\/bulletins\/\w+$/);
	await expect(office.getByLabel('标题')).toHaveValue(/^一线工作简报/);
	await expect(office.getByLabel('正文')).toHaveValue(/共收集群众反映问题 3 件，已解决 1 件/);
	await expect(office.getByLabel('正文')).toHaveValue(/井盖松动/);

	await office.getByLabel('标题').fill('');
	await office.getByRole('button', { name: '保存', exact: true }).click();
	await expect(office.locator('#bulletin-title-error')).toHaveText('必填');
	await office.getByLabel('标题').fill('一线工作简报（第1期）');
	const body = (await office.getByLabel('正文').inputValue()) + '\n四、下月安排\n继续做好驻点工作日接待。';
	await office.getByLabel('正文').fill(body);
	await expect(office.getByText('有未保存的修改')).toBeVisible();
	// Offline, the save says the bulletin waits for the network (not a word about statistics), and keeps what was typed.
	await office.context().setOffline(true);
	await office.getByRole('button', { name: '保存', exact: true }).click();
	await expect(office.getByRole('alert')).toHaveText(/^连不上服务器。简报保存在服务器上/);
	await office.context().setOffline(false);
	await office.getByRole('button', { name: '保存', exact: true }).click();
	await expect(office.getByText('已保存', { exact: true })).toBeVisible();

	await office.getByRole('link', { name: '简报', exact: true }).click();
	await office.getByTestId('bulletin-item').filter({ hasText: '一线工作简报（第1期）' }).click();
	await expect(office.getByLabel('正文')).toHaveValue(body);

	await expectAccessible(office);

	// Printed: the sheet alone, with the issuer, title, period and the figures table.
	await office.emulateMedia({ media: 'print' });
	const sheet = office.getByTestId('bulletin-sheet');
	await expect(sheet).toBeVisible();
	await expect(office.getByLabel('正文')).toBeHidden();
	await expect(sheet).toContainText('城东区一线办');
	await expect(sheet.getByRole('heading', { name: '一线工作简报（第1期）' })).toBeVisible();
	await expect(sheet.getByRole('row').filter({ hasText: '收集问题' })).toContainText('3');
	await expect(sheet).toContainText('继续做好驻点工作日接待。');
	await office.screenshot({ path: 'test-results/bulletin-print.png', fullPage: true });
	await office.emulateMedia({ media: 'screen' });

	office.once('dialog', (d) => d.accept());
	await office.getByRole('button', { name: '删除' }).click();
	await expect(office).toHaveURL(/\/office\/bulletins$/);
	await expect(office.getByText('还没有简报')).toBeVisible();
});
