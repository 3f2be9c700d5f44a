// Every main route passes axe's WCAG 2 A/AA rules, in Chinese and with data on screen.
import { expect, test } from '@playwright/test';
import { expectAccessible } from './accessible';

test('main routes have no WCAG 2 A/AA violations', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByText('本机还没有驻点')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByLabel('驻点名称').fill('无障碍社区');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('台账还是空的')).toBeVisible();
	await expectAccessible(page);

	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await expectAccessible(page);
	await page.getByLabel('问题内容').fill('路灯不亮');
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 1 条');
	await expectAccessible(page);

	await page.getByRole('link', { name: /路灯不亮/ }).click();
	await page.getByRole('button', { name: '升级' }).click();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('必填').first()).toBeVisible();
	await expectAccessible(page);

	for (const [tab, ready] of [
		['走访', '本月还没有走访记录'],
		['金点子', '还没有金点子'],
		['驻点信息', '问题分类']
	] as const) {
		await page.getByRole('link', { name: tab, exact: true }).click();
		await expect(page.getByText(ready)).toBeVisible();
		await expectAccessible(page);
	}

	await page.goto('/settings');
	await expect(page.getByRole('heading', { name: '设置', level: 1 })).toBeVisible();
	await expectAccessible(page);
});
