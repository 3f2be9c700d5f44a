// A station made on this device through the station list, as a person makes one: for specs that
// need a station of their own to start from.
import { expect, type Page } from '@playwright/test';

/** Creates the station from the home screen (`home`: its address) and returns the station's page address. */
export async function createStation(page: Page, name: string, street = '东关街道', home = '/'): Promise<string> {
	await page.goto(home);
	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByLabel('驻点名称').fill(name);
	await page.getByLabel('所属街道/乡镇').fill(street);
	await page.getByRole('button', { name: '保存' }).click();
	// The station's page, not the list on the way to it (whose card names the station too).
	await expect(page).toHaveURL(/\/station\/[0-9a-z]+$/);
	await expect(page.getByRole('heading', { name })).toBeVisible();
	return page.url();
}

/** Records an entry from the station's ledger through its form; back at the ledger (`stationUrl`) after. */
export async function addEntry(page: Page, stationUrl: string, content: string, category = '基础设施'): Promise<void> {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: category });
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page).toHaveURL(stationUrl);
}
