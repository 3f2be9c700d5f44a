// The ledger's "＋ 记一条" button floats over the list on a phone: the last row can always be
// brought out from under it (the list scrolls past its last row by the button's height).
import { expect, test } from '@playwright/test';
import { addEntry, createStation } from './new-station';
import { PHONE } from './phone-check';

test.use({ viewport: PHONE });

test('the last ledger row can be scrolled out from under the floating 记一条 button', async ({ page }) => {
	const station = await createStation(page, '按钮社区');
	for (let i = 1; i <= 8; i++) await addEntry(page, station, `第${i}条问题`);
	await page.goto(station);
	await expect(page.getByTestId('ledger-count')).toHaveText('8 / 8 条');
	const list = page.getByRole('list', { name: '台账' });
	// Scrolled to its end, as far as it goes.
	await list.evaluate((el) => {
		const scroller = el.closest('.viewport') ?? el;
		scroller.scrollTop = scroller.scrollHeight;
	});
	const last = page.getByRole('link', { name: /第1条问题/ });
	await expect(last).toBeVisible();
	const fab = (await page.getByRole('link', { name: '＋ 记一条' }).boundingBox())!;
	const row = (await last.boundingBox())!;
	expect(row.y + row.height).toBeLessThanOrEqual(fab.y);
});
