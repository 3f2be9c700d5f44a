// A station's problem categories: one deleted by a slip of the finger comes back where it was with
// one tap (撤销); one deleted on purpose stays deleted, and entries recorded with it keep it.
import { expect, test } from '@playwright/test';

test('a deleted category can be undone, and stays deleted otherwise', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByLabel('驻点名称').fill('分类社区');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('台账还是空的')).toBeVisible();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill('小区消防通道被占');
	await page.getByRole('button', { name: '消防安全' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 1 条');

	await page.getByRole('link', { name: '驻点信息', exact: true }).click();
	const chips = page.getByRole('region', { name: '问题分类' }).getByRole('listitem');
	await expect(chips.filter({ hasText: '消防安全' })).toHaveCount(1);
	const before = await chips.allTextContents();

	// Deleted, then undone: back in its place.
	await page.getByRole('button', { name: '删除 消防安全' }).click();
	await expect(page.getByRole('status').filter({ hasText: '已删除分类“消防安全”' })).toBeVisible();
	await expect(chips.filter({ hasText: '消防安全' })).toHaveCount(0);
	await page.getByRole('button', { name: '撤销' }).click();
	await expect(page.getByRole('button', { name: '撤销' })).toHaveCount(0);
	await expect.poll(() => chips.allTextContents()).toEqual(before);

	// Deleted and left: gone from the list and from quick entry, after a reload too; the entry keeps it.
	await page.getByRole('button', { name: '删除 消防安全' }).click();
	await expect(chips.filter({ hasText: '消防安全' })).toHaveCount(0);
	// (Leaving a screen waits for its changes to be on the device's disk: then the reload.)
	await page.getByRole('link', { name: '台账', exact: true }).click();
	await expect(page.getByRole('link', { name: /小区消防通道被占/ })).toContainText('消防安全');
	await page.reload();
	await expect(page.getByRole('link', { name: /小区消防通道被占/ })).toContainText('消防安全');
	await page.getByRole('link', { name: '驻点信息', exact: true }).click();
	await expect(chips.filter({ hasText: '基础设施' })).toHaveCount(1);
	await expect(chips.filter({ hasText: '消防安全' })).toHaveCount(0);
	await page.getByRole('link', { name: '台账', exact: true }).click();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expect(page.getByRole('button', { name: '基础设施' })).toBeVisible();
	await expect(page.getByRole('button', { name: '消防安全' })).toHaveCount(0);
});
