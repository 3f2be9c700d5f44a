// The documents' worker (src/lib/device/docs.worker.ts) holds every open document of the page. If
// it fails (an uncaught error, the browser ending it), the page opens its documents afresh in a new
// worker from what the device stored: the station goes on being edited, and nothing saved is lost.
import { expect, test, type Page } from '@playwright/test';
import { addEntry, createStation } from './new-station';

/** An uncaught error thrown in the documents' worker, as a defect of its own code would. */
async function failTheWorker(page: Page) {
	const docs = page.workers().find((w) => /docs\.worker/.test(w.url()));
	expect(docs, 'the documents’ worker is running').toBeTruthy();
	const gone = new Promise<void>((resolve) => docs!.once('close', () => resolve()));
	await docs!.evaluate(() => void setTimeout(() => { throw new Error('the worker failed on purpose'); }, 0));
	await gone;
}

test('a failed documents’ worker: the station opens afresh, and new entries and notes are saved', async ({ page }) => {
	const url = await createStation(page, '重启社区');
	await addEntry(page, url, '北门路灯不亮');
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 1 条');

	await failTheWorker(page);
	// The ledger still shows, and a new entry is saved.
	await expect(page.getByRole('link', { name: /北门路灯不亮/ })).toBeVisible();
	await addEntry(page, url, '南门井盖松动');
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');

	// On an entry's page, a note typed before another failure and saved after it.
	await page.getByRole('link', { name: /南门井盖松动/ }).click();
	await expect(page.locator('main p.content')).toContainText('南门井盖松动');
	await page.getByRole('button', { name: '记录进展', exact: true }).click();
	await page.locator('#a-text').fill('已联系市政');
	await failTheWorker(page);
	await expect(page.locator('#a-text')).toHaveValue('已联系市政');
	await page.locator('main form button[type=submit]').click();
	await expect(page.locator('ol.timeline li').filter({ hasText: '已联系市政' })).toBeVisible();

	// All of it was stored.
	await page.goto(url);
	await expect(page.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await page.getByRole('link', { name: /南门井盖松动/ }).click();
	await expect(page.locator('ol.timeline li').filter({ hasText: '已联系市政' })).toBeVisible();
});
