// Issue 11: the visits page lists this month's visits as this device last projected them from the
// visit log, before the log's document has loaded; then the log itself. (Household names are a
// resident's data: the projection goes when the log leaves the device, and "sign out and erase"
// deletes the whole projection database: signout.spec.ts.)
import { expect, test, type Page } from '@playwright/test';
import { persistentContext } from './chromium';
import { holdBoardDocument } from './hold-board';
import { heldWhenShown, holdProjectionStore, projectionRecords } from './projection-store';
import { clockYjs, yjsEvaluatedAt } from './yjs-clock';
import { createStation } from './new-station';

test.describe.configure({ mode: 'serial' });

let page: Page;
let dispose: () => Promise<void>;
let visitsUrl = '';

/** The month's visits kept in yixian-projection for the station, read with raw IndexedDB ([] when none). */
async function projectedVisits(): Promise<string[]> {
	const kept = await projectionRecords<{ rows: { household: string }[] }>(page, 'visits', visitsUrl.split('/').at(-2)!);
	return (kept[0]?.rows ?? []).map((r) => r.household);
}

async function recordVisit(household: string) {
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill(household);
	await page.getByLabel('地址').fill('5号楼2单元301');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: household })).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	await expect(page).toHaveURL(visitsUrl);
}

test.beforeAll(async () => {
	const profile = await persistentContext();
	dispose = profile.dispose;
	page = profile.context.pages()[0] ?? (await profile.context.newPage());
	await profile.context.addInitScript(holdBoardDocument);
	await profile.context.addInitScript(clockYjs);
});

test.afterAll(async () => {
	await dispose();
});

test('projects the month’s visits as they are recorded', async () => {
	await createStation(page, '走访投影社区');
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 0 / 50 户');
	visitsUrl = page.url();
	await recordVisit('李阿姨家');
	await recordVisit('王大爷家');
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 2 / 50 户');
	await expect.poll(async () => (await projectedVisits()).sort()).toEqual(['李阿姨家', '王大爷家'].sort());
});

test('lists them before the visit log has loaded, then the log', async () => {
	await page.evaluate(() => sessionStorage.setItem('holdVisits', '1'));
	await page.reload();
	// The log is held back: what shows is the device's projection.
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 2 / 50 户');
	await expect(page.getByRole('listitem').filter({ hasText: '李阿姨家' })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: '王大爷家' })).toBeVisible();
	expect(await page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBe(0);
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect.poll(() => page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBe(1);
	await expect(page.getByRole('listitem')).toHaveCount(2);
	// The log's document is in the documents' worker: the page evaluates no Yjs to load it (issue 11).
	const hydrated = await page.evaluate(() => performance.getEntriesByName('yx:hydrated')[0].startTime);
	const yjsAt = await yjsEvaluatedAt(page);
	expect(yjsAt === null || yjsAt > hydrated, `Yjs evaluated on the page at ${yjsAt} ms, the log shown at ${hydrated} ms`).toBe(true);
	await page.evaluate(() => sessionStorage.removeItem('holdVisits'));
});

test('a visit saved and the page reloaded at once is listed before the log has loaded', async () => {
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill('赵奶奶家');
	await page.getByLabel('地址').fill('7号楼1单元102');
	// The projection's month of visits is held for a second, so the app's write of it waits behind it.
	await holdProjectionStore(page, 'visits', 1000, { selector: 'h1', text: '赵奶奶家' });
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: '赵奶奶家' })).toBeVisible();
	expect(await heldWhenShown(page), 'the month’s visits were still held when the visit was shown').toBe(false);
	// Reloaded at once, the log held back: what shows is the projection, and it has the visit.
	await page.evaluate(() => sessionStorage.setItem('holdVisits', '1'));
	await page.goto(visitsUrl);
	await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 3 / 50 户');
	await expect(page.getByRole('listitem').filter({ hasText: '赵奶奶家' })).toBeVisible();
	expect(await page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBe(0);
	await page.evaluate(() => (window as unknown as { releaseBoard: () => void }).releaseBoard());
	await expect.poll(() => page.evaluate(() => performance.getEntriesByName('yx:hydrated').length)).toBe(1);
	await expect(page.getByRole('listitem')).toHaveCount(3);
	await page.evaluate(() => sessionStorage.removeItem('holdVisits'));
});
