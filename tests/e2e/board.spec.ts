// The station board on one device: create, record, escalate, visit, idea; reload; offline; English
// (installing the app: install.spec.ts).
import { expect, test, type Page } from '@playwright/test';
import { persistentContext } from './chromium';
import { addEntry as addEntryAt } from './new-station';

test.describe.configure({ mode: 'serial' });

let page: Page;
let dispose: () => Promise<void>;
let stationUrl = '';

test.beforeAll(async () => {
	const profile = await persistentContext();
	dispose = profile.dispose;
	page = profile.context.pages()[0] ?? (await profile.context.newPage());
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
});

test.afterAll(async () => {
	await dispose();
});

const addEntry = (content: string, category: string) => addEntryAt(page, stationUrl, content, category);

test('shows an empty station list that says what to do', async () => {
	await page.goto('/');
	await expect(page.getByText('本机还没有驻点')).toBeVisible();
});

test('creates a station and records problems in the ledger', async () => {
	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('必填')).toBeVisible();
	await page.getByLabel('驻点名称').fill('幸福社区');
	await page.getByLabel('所属街道/乡镇').fill('东关街道');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '幸福社区' })).toBeVisible();
	stationUrl = page.url();
	await expect(page.getByText('台账还是空的')).toBeVisible();

	await addEntry('3号楼楼道灯不亮', '基础设施');
	await addEntry('小区门口占道停车', '交通出行');
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await expect(page.getByRole('listitem').filter({ hasText: '3号楼楼道灯不亮' })).toBeVisible();
});

test('quick entry keeps what was typed when it is refused, and can save several in a row', async () => {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('联系电话').fill('abc');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByText('请检查标红的项目')).toBeVisible();
	// Says what a phone number looks like, not only that this one is wrong.
	await expect(page.locator('#entry-phone-error')).toHaveText('请填写电话号码：5–20 位数字，可含空格、“-”或开头的“+”');
	await expect(page.getByLabel('联系电话')).toHaveValue('abc');
	await page.getByLabel('联系电话').fill('13800000000');
	// Text over its limit says the limit, and stays as typed.
	await page.getByLabel('问题内容').fill('很'.repeat(2001));
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.locator('#entry-content-error')).toHaveText('内容过长：最多 2000 字');
	await expect(page.getByLabel('问题内容')).toHaveValue('很'.repeat(2001));
	await page.getByLabel('问题内容').fill('垃圾清运不及时');
	// No category is chosen for the user, and "other" is not the silent default.
	await page.getByRole('button', { name: '保存并再记一条' }).click();
	await expect(page.locator('#entry-category-error')).toHaveText('必填');
	// The station's most used categories are large chips, the ones it used first.
	const chips = page.getByRole('group', { name: '常用分类' }).getByRole('button');
	await expect(chips.first()).toHaveText('交通出行');
	await expect(chips.filter({ hasText: '其他' })).toHaveCount(0);
	await page.getByRole('button', { name: '物业管理' }).click();
	await expect(page.getByRole('button', { name: '物业管理' })).toHaveAttribute('aria-pressed', 'true');
	await page.getByText('更多信息（可稍后补充）').click();
	await page.getByLabel('地点').fill('7号楼');
	await page.getByLabel('受理日期').fill('2020-01-02');
	await page.getByText('更多信息（可稍后补充）').click();
	await expect(page.getByLabel('受理日期')).toBeHidden();
	await page.getByRole('button', { name: '保存并再记一条' }).click();
	await expect(page.getByText('已记入台账')).toBeVisible();
	await expect(page.getByLabel('问题内容')).toHaveValue('');
	await expect(page.getByLabel('分类', { exact: true })).toHaveValue('');
	// The next problem is somewhere else: its place is not carried over, folded away out of sight.
	await expect(page.getByLabel('地点')).toHaveValue('');
	// A day other than today is kept for the next one (a batch typed in after the duty day), in sight.
	await expect(page.getByLabel('受理日期')).toBeVisible();
	await expect(page.getByLabel('受理日期')).toHaveValue('2020-01-02');
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
	await expect(page.getByRole('listitem').filter({ hasText: '垃圾清运不及时' })).toContainText('物业管理');
});

test("an entry shows its reporter, and an edit of it is on screen at once and kept (issue 11)", async () => {
	await page.getByRole('listitem').filter({ hasText: '垃圾清运不及时' }).click();
	const facts = page.getByRole('region', { name: '问题内容' });
	await expect(facts.getByText('13800000000')).toBeVisible();
	// The phone and the 不公开 mark do not run together.
	await expect(facts.locator('dd').filter({ hasText: '13800000000' })).toHaveText(/13800000000 不公开$/);
	await page.getByRole('button', { name: '修改基本信息' }).click();
	// The form holds the reporter it was told: saved untouched, the phone stays.
	await expect(page.getByLabel('联系电话')).toHaveValue('13800000000');
	await page.getByLabel('反映人姓名').fill('钱大爷');
	await page.locator('#entry-content').fill('垃圾清运不及时，已催办');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(facts.locator('p.content')).toHaveText('垃圾清运不及时，已催办');
	await expect(facts.getByText('钱大爷 13800000000')).toBeVisible();
	await page.reload();
	await expect(facts.locator('p.content')).toHaveText('垃圾清运不及时，已催办');
	await expect(facts.getByText('钱大爷 13800000000')).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
});

test('filters and searches the ledger', async () => {
	await page.getByLabel('搜索内容、地点、责任人').fill('停车');
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 3 条');
	await page.getByLabel('搜索内容、地点、责任人').fill('');
	// The filters are folded behind one button; the one in force shows as a chip that clears it.
	await page.getByRole('button', { name: '筛选' }).click();
	await page.getByLabel('分类').selectOption({ label: '基础设施' });
	await expect(page.getByRole('button', { name: '清除筛选：基础设施' })).toBeVisible();
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 3 条');
	await page.getByLabel('分类').selectOption({ index: 0 });
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
});

test('an entry address that is not in the ledger says so', async () => {
	await page.goto(`${stationUrl}/entry/no-such-entry`);
	await expect(page.getByText('台账中没有这条事项。')).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
});

test('escalates to tier 2 only with a responsible person and a deadline', async () => {
	await page.getByRole('listitem').filter({ hasText: '小区门口占道停车' }).click();
	await page.getByRole('button', { name: '升级' }).click();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('必填')).toHaveCount(2);
	await expect(page.getByText('现场办结')).toBeVisible();

	await page.getByLabel('责任人').fill('王主任');
	await page.getByLabel('办结时限').fill('2099-12-31');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('限时办结').first()).toBeVisible();
	await expect(page.getByTestId('responsible')).toHaveText('王主任');
	await expect(page.getByTestId('deadline')).toHaveText('2099-12-31');
	await expect(page.getByRole('listitem').filter({ hasText: '升级为限时办结' })).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
});

test('what was typed and not saved is there again after a look elsewhere, and gone once cancelled', async () => {
	await page.getByRole('listitem').filter({ hasText: '小区门口占道停车' }).click();
	await page.getByRole('button', { name: '记录进展' }).click();
	await page.locator('#a-text').fill('已联系交警，待回复');
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
	await page.getByRole('listitem').filter({ hasText: '小区门口占道停车' }).click();
	await expect(page.locator('#a-text')).toHaveValue('已联系交警，待回复');
	await page.getByRole('button', { name: '取消' }).click();
	await page.getByRole('link', { name: '返回' }).click();
	await page.getByRole('listitem').filter({ hasText: '小区门口占道停车' }).click();
	await expect(page.getByRole('button', { name: '记录进展' })).toBeVisible();
	await expect(page.locator('#a-text')).toHaveCount(0);
	await page.getByRole('link', { name: '返回' }).click();

	// A quick entry half filled in: there again, until it is emptied (then the next one starts afresh).
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill('路灯不亮');
	await page.getByLabel('联系电话').fill('13900000000');
	await page.getByRole('link', { name: '返回' }).click();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(page.getByLabel('问题内容')).toHaveValue('路灯不亮');
	await expect(page.getByLabel('联系电话')).toHaveValue('13900000000');
	await page.getByLabel('问题内容').fill('');
	await page.getByLabel('联系电话').fill('');
	await page.getByRole('link', { name: '返回' }).click();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(page.getByLabel('问题内容')).toHaveValue('');
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('3 / 3 条');
});

test('records a household visit that spawns a linked ledger entry', async () => {
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 0 / 50 户');
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill('李阿姨家');
	await page.getByLabel('地址').fill('5号楼2单元301');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '李阿姨家' })).toBeVisible();

	await page.getByRole('link', { name: '＋ 记录一个问题' }).click();
	await expect(page.getByLabel('地点')).toHaveValue('5号楼2单元301');
	await page.getByLabel('问题内容').fill('家中下水道堵塞');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: '李阿姨家' })).toBeVisible();
	await expect(page.getByRole('link', { name: /家中下水道堵塞/ })).toBeVisible();

	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 1 / 50 户');
});

test('a problem raised on a visit of an earlier day is received on the visit’s day', async () => {
	// Forty days back: another month, whatever today is (this month's count stays as it was).
	const day = await page.evaluate(() => {
		const d = new Date();
		d.setDate(d.getDate() - 40);
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill('王大爷家');
	await page.getByLabel('地址').fill('3号楼2单元');
	await page.getByLabel('走访日期').fill(day);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '王大爷家' })).toBeVisible();
	await page.getByRole('link', { name: '＋ 记录一个问题' }).click();
	await expect(page.getByLabel('受理日期')).toHaveValue(day);
	await expect(page.getByLabel('地点')).toHaveValue('3号楼2单元');
	// A second problem of the same household: its place is the household's again.
	await page.getByLabel('问题内容').fill('楼道扶手松动');
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await page.getByRole('button', { name: '保存并再记一条' }).click();
	await expect(page.getByText('已记入台账')).toBeVisible();
	await expect(page.getByLabel('地点')).toHaveValue('3号楼2单元');
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByRole('heading', { name: '王大爷家' })).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 1 / 50 户');
});

test('a visit typed wrong is corrected, one made by mistake deleted, and none is dated after today', async () => {
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	const today = await page.getByLabel('走访日期').inputValue();
	await page.getByLabel('户主 / 住户').fill('王大爷家');
	await page.getByLabel('走访日期').fill('2099-01-01');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('不能晚于今天')).toBeVisible();
	await page.getByLabel('走访日期').fill(today);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '王大爷家' })).toBeVisible();

	await page.getByRole('link', { name: '修改走访记录' }).click();
	await expect(page.getByLabel('户主 / 住户')).toHaveValue('王大爷家');
	await page.getByLabel('户主 / 住户').fill('王大妈家');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '王大妈家' })).toBeVisible();

	page.once('dialog', (d) => void d.dismiss());
	await page.getByRole('button', { name: '删除这条走访' }).click();
	await expect(page.getByRole('heading', { name: '王大妈家' })).toBeVisible();
	page.once('dialog', (d) => {
		expect(d.message()).toContain('王大妈家');
		void d.accept();
	});
	await page.getByRole('button', { name: '删除这条走访' }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 1 / 50 户');
	await expect(page.getByRole('listitem').filter({ hasText: '王大妈家' })).toHaveCount(0);

	// A problem was raised on this one: it stays, and says why.
	await page.getByRole('listitem').filter({ hasText: '李阿姨家' }).getByRole('link').click();
	await expect(page.getByText('这次走访已记录了问题，不能删除，只能修改。')).toBeVisible();
	await expect(page.getByRole('button', { name: '删除这条走访' })).toHaveCount(0);
	await page.goto(stationUrl);
});

test('ending a tie asks first, and an ended tie can be resumed', async () => {
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await page.getByRole('link', { name: /结对/ }).click();
	await page.getByRole('button', { name: '＋ 新增结对' }).click();
	await page.getByLabel('姓名').fill('赵大爷');
	await page.getByLabel('类别').selectOption({ label: '困难群众' });
	await page.getByLabel('结对日期').fill('2026-01-05');
	await page.getByRole('button', { name: '保存' }).click();
	const tie = page.getByRole('article').filter({ hasText: '赵大爷' });
	await expect(tie.getByRole('button', { name: '结束结对' })).toBeVisible();

	page.once('dialog', (d) => void d.dismiss());
	await tie.getByRole('button', { name: '结束结对' }).click();
	await expect(tie).not.toContainText('已结束');

	page.once('dialog', (d) => {
		expect(d.message()).toContain('赵大爷');
		void d.accept();
	});
	await tie.getByRole('button', { name: '结束结对' }).click();
	await expect(tie).toContainText('已结束');
	await tie.getByRole('button', { name: '恢复结对' }).click();
	await expect(tie).not.toContainText('已结束');
	await page.goto(stationUrl);
});

test('collects an idea and moves it forward', async () => {
	await page.getByRole('link', { name: '金点子', exact: true }).click();
	await expect(page.getByText('还没有金点子')).toBeVisible();
	await page.getByRole('button', { name: '＋ 收集金点子' }).click();
	await page.getByLabel('建议').fill('把街道便民服务大厅般进社区'); // 般: a typo, corrected below
	await page.getByLabel('提出人').fill('王大爷');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('article')).toContainText('王大爷');
	// A stage cannot be taken back: it asks first, and a tap too many (or a no) moves nothing.
	page.once('dialog', (d) => d.dismiss());
	await page.getByRole('button', { name: '推进到“有价值”' }).click();
	await expect(page.getByRole('article').locator('.badge')).toHaveText('已收集');
	page.once('dialog', (d) => d.accept());
	await page.getByRole('button', { name: '推进到“有价值”' }).click();
	await expect(page.getByRole('article').locator('.badge')).toHaveText('有价值');
});

test('corrects a typo in an idea: the same form, filled; cancel changes nothing; the correction kept after a reload', async () => {
	const idea = page.getByRole('article');
	const title = idea.locator('strong');
	const form = page.getByRole('form', { name: /编辑金点子/ });
	await idea.getByRole('button', { name: '编辑' }).click();
	await expect(form.getByLabel('建议')).toHaveValue('把街道便民服务大厅般进社区');
	await expect(form.getByLabel('提出人')).toHaveValue('王大爷');
	await expect(page.getByRole('form')).toHaveCount(1);
	await form.getByLabel('建议').fill('别的建议');
	await form.getByRole('button', { name: '取消' }).click();
	await expect(form).toHaveCount(0);
	await expect(title).toHaveText('把街道便民服务大厅般进社区');

	await idea.getByRole('button', { name: '编辑' }).click();
	await form.getByLabel('建议').fill('  ');
	await form.getByRole('button', { name: '保存' }).click();
	await expect(form.getByText('必填')).toBeVisible();
	await form.getByLabel('建议').fill('把街道便民服务大厅搬进社区');
	await form.getByLabel('提出人').fill('');
	await form.getByRole('button', { name: '保存' }).click();
	await expect(form).toHaveCount(0);
	await expect(title).toHaveText('把街道便民服务大厅搬进社区');
	await expect(idea).not.toContainText('王大爷');
	await expect(idea.locator('.badge')).toHaveText('有价值');

	await page.reload();
	await expect(title).toHaveText('把街道便民服务大厅搬进社区');
	await expect(page.getByText('把街道便民服务大厅般进社区')).toHaveCount(0);
	await expect(idea).not.toContainText('王大爷');
});

async function expectEverything() {
	await page.goto(stationUrl);
	await expect(page.getByTestId('ledger-count')).toHaveText('5 / 5 条');
	await expect(page.getByRole('listitem').filter({ hasText: '小区门口占道停车' }).getByText('限时办结')).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: '家中下水道堵塞' })).toBeVisible();
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 1 / 50 户');
	await page.getByRole('link', { name: '金点子', exact: true }).click();
	await expect(page.getByText('把街道便民服务大厅搬进社区')).toBeVisible();
	await page.goto('/');
	await expect(page.getByRole('link', { name: /幸福社区/ })).toContainText('在办 5');
}

test('keeps everything after a reload', async () => {
	await page.reload();
	await expectEverything();
});

test('starts offline from the service worker and shows the same data', async () => {
	await page.evaluate(() => navigator.serviceWorker.ready);
	await page.reload();
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await page.context().setOffline(true);
	try {
		await expectEverything();
	} finally {
		await page.context().setOffline(false);
	}
});

test('switches to English and back', async () => {
	await page.goto('/settings');
	await page.getByLabel('English').check();
	await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
	await page.goto(stationUrl);
	await expect(page.getByTestId('ledger-count')).toHaveText('5 of 5');
	await page.goto('/settings');
	await page.getByLabel('简体中文').check();
	await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
});
