// Issue 10: "saved" means on the device's disk, for an idea, a new entry and a step on an entry. The
// phone's storage refuses every write (as a full disk would): the form says so and holds what was
// recorded, unchangeable (a retry stores what was recorded, so a change then would be lost); once the
// storage is back, one more tap stores it, and it is recorded once. Leaving and coming back starts
// afresh: what was recorded is in the ledger already, never offered to be recorded twice.
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { addEntry, createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let stationUrl = '';
/** The form's own word that it did not save (the app-wide banner says so too, in other words). */
const notSaved = (within: Page | Locator) => within.getByRole('alert').filter({ hasText: '没能保存到本机：' });

test.beforeAll(async ({ browser, baseURL }) => {
	context = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	page = await context.newPage();
	stationUrl = await createStation(page, '存储社区');
});

test.afterAll(async () => {
	await context.close();
});

/** The documents' worker's IndexedDB refuses every write from now on (`true`), or writes again (`false`). */
async function diskFull(full: boolean) {
	const docs = page.workers().find((w) => w.url().includes('docs'));
	expect(docs, 'the documents’ worker').toBeTruthy();
	await docs!.evaluate((full) => {
		const g = globalThis as unknown as { realTransaction?: IDBDatabase['transaction'] };
		g.realTransaction ??= IDBDatabase.prototype.transaction;
		const real = g.realTransaction;
		IDBDatabase.prototype.transaction = full
			? (function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
					if (args[1] === 'readwrite') throw new DOMException('The disk is full', 'QuotaExceededError');
					return real.apply(this, args);
				} as IDBDatabase['transaction'])
			: real;
	}, full);
}

test('an idea the storage refuses: the form says so and stays, and the retry records it once', async () => {
	await page.goto(`${stationUrl}/ideas`);
	await page.getByRole('button', { name: '＋ 收集金点子' }).click();
	const form = page.getByRole('form', { name: '收集金点子' });
	await form.getByLabel('建议', { exact: true }).fill('楼道里装感应灯');
	await diskFull(true);
	await form.getByRole('button', { name: '保存', exact: true }).click();
	await expect(notSaved(page)).toBeVisible();
	await expect(form.getByLabel('建议', { exact: true })).toHaveValue('楼道里装感应灯');
	await expect(form.getByLabel('建议', { exact: true })).toBeDisabled();

	await diskFull(false);
	await form.getByRole('button', { name: '重试保存', exact: true }).click();
	await expect(form).toHaveCount(0);
	await expect(notSaved(page)).toHaveCount(0);
	await expect(page.locator('main article').filter({ hasText: '楼道里装感应灯' })).toHaveCount(1);
	// On the device's disk: there after a reload.
	await page.reload();
	await expect(page.locator('main article').filter({ hasText: '楼道里装感应灯' })).toHaveCount(1);
});

test('a progress note the storage refuses: the form says so and stays, and the retry records it once', async () => {
	await page.goto(stationUrl);
	await addEntry(page, stationUrl, '三楼水管漏水');
	await page.getByRole('link', { name: /三楼水管漏水/ }).click();
	await page.getByRole('button', { name: '记录进展', exact: true }).click();
	const form = page.getByRole('form', { name: '记录进展' });
	await form.getByLabel('进展情况').fill('已联系物业上门查看');
	await diskFull(true);
	await form.getByRole('button', { name: '保存', exact: true }).click();
	await expect(notSaved(form)).toBeVisible();
	await expect(form.getByLabel('进展情况')).toHaveValue('已联系物业上门查看');
	await expect(form.getByLabel('进展情况')).toBeDisabled();

	await diskFull(false);
	await form.getByRole('button', { name: '重试保存', exact: true }).click();
	await expect(form).toHaveCount(0);
	const notes = page.locator('ol.timeline li').filter({ hasText: '已联系物业上门查看' });
	await expect(notes).toHaveCount(1);
	await page.reload();
	await expect(page.locator('ol.timeline li').first()).toBeVisible();
	await expect(notes).toHaveCount(1);
});

test('a new entry the storage refuses: held as recorded, and its page, left and opened again, starts a new one', async () => {
	await page.goto(stationUrl);
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	const content = page.getByLabel('问题内容');
	await content.fill('东门路灯不亮');
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await diskFull(true);
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(notSaved(page)).toBeVisible();
	await expect(content).toHaveValue('东门路灯不亮');
	await expect(content).toBeDisabled();
	await expect(page.getByRole('main').getByRole('button', { name: '重试保存', exact: true })).toBeVisible();

	// Back to the ledger, where it is already (only not yet on the disk); then a new entry's page again.
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page).toHaveURL(stationUrl);
	const rows = page.getByRole('link', { name: /东门路灯不亮/ });
	await expect(rows).toHaveCount(1);
	await diskFull(false);
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(page.getByLabel('问题内容')).toHaveValue('');
	await expect(page.getByLabel('问题内容')).toBeEnabled();

	// The app-wide banner stores what is left; on the disk, once.
	await page.getByRole('link', { name: '返回' }).click();
	const banner = page.getByRole('complementary', { name: '本机存储' });
	await banner.getByRole('button', { name: '重试保存' }).click();
	await expect(banner).toHaveCount(0);
	await page.reload();
	await expect(rows).toHaveCount(1);
});

test('a step the storage refuses, its entry left and opened again: no form offers it again, and it is on the timeline once', async () => {
	await page.goto(stationUrl);
	await addEntry(page, stationUrl, '单元门禁损坏');
	await page.getByRole('link', { name: /单元门禁损坏/ }).click();
	await page.getByRole('button', { name: '记录进展', exact: true }).click();
	const form = page.getByRole('form', { name: '记录进展' });
	await form.getByLabel('进展情况').fill('已报修门禁公司');
	await diskFull(true);
	await form.getByRole('button', { name: '保存', exact: true }).click();
	await expect(notSaved(form)).toBeVisible();

	await page.getByRole('link', { name: '返回' }).click();
	await expect(page).toHaveURL(stationUrl);
	await diskFull(false);
	await page.getByRole('link', { name: /单元门禁损坏/ }).click();
	const notes = page.locator('ol.timeline li').filter({ hasText: '已报修门禁公司' });
	await expect(notes).toHaveCount(1);
	await expect(form).toHaveCount(0);
	const banner = page.getByRole('complementary', { name: '本机存储' });
	await banner.getByRole('button', { name: '重试保存' }).click();
	await expect(banner).toHaveCount(0);
	await page.reload();
	await expect(page.locator('ol.timeline li').first()).toBeVisible();
	await expect(notes).toHaveCount(1);
});
