// A way back from a slip of the finger: a station's problem category deleted comes back where it
// was with one tap (撤销), and one deleted on purpose stays deleted while entries recorded with it
// keep it; a ledger entry closed or solved by mistake is reopened, with a reason, and handled on.
import { expect, test, type Page } from '@playwright/test';

/** A station on this device only, with one entry recorded under 消防安全. */
async function stationWithEntry(page: Page, name: string, content: string) {
	await page.goto('/');
	await page.getByRole('button', { name: '新建驻点' }).click();
	await page.getByLabel('驻点名称').fill(name);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('台账还是空的')).toBeVisible();
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByRole('button', { name: '消防安全' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByTestId('ledger-count')).toHaveText('1 / 1 条');
}

test('a deleted category can be undone, and stays deleted otherwise', async ({ page }) => {
	await stationWithEntry(page, '分类社区', '小区消防通道被占');

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

test('an entry closed by mistake is reopened with a reason, and handled on', async ({ page }) => {
	await stationWithEntry(page, '重开社区', '东门消防通道被占');
	await page.getByRole('link', { name: /东门消防通道被占/ }).click();
	await page.getByRole('button', { name: '关闭', exact: true }).click();
	await page.getByLabel('关闭原因').selectOption({ label: '重复反映' });
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '已关闭：重复反映' })).toBeVisible();
	await expect(page.getByRole('button', { name: '关闭', exact: true })).toHaveCount(0);

	// Not a duplicate after all: reopened, saying why (required); back to work, not counted as 重办.
	await page.getByRole('button', { name: '重新打开' }).click();
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.locator('#a-text-error')).toHaveText('必填');
	await page.getByLabel('重新打开的原因').fill('不是重复：是东门另一处通道');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '重新打开' })).toContainText('不是重复：是东门另一处通道');
	await expect(page.getByRole('button', { name: '重新打开' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: '办结' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('listitem').filter({ hasText: '重新打开' })).toBeVisible();
	await page.getByRole('button', { name: '办结' }).click();
	await page.getByLabel('解决情况').fill('已清理通道');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '已解决' })).toBeVisible();
	await expect(page.getByText('重办')).toHaveCount(0);
});

test('an entry marked solved by mistake is reopened with a reason until the resident answers, not as 重办', async ({ page }) => {
	await stationWithEntry(page, '误办结社区', '北门路灯不亮');
	await page.getByRole('link', { name: /北门路灯不亮/ }).click();
	await page.getByRole('button', { name: '办结' }).click();
	await page.getByLabel('解决情况').fill('已更换灯泡');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '已解决' })).toBeVisible();

	// The wrong entry: taken up again, saying why; back to work, the outcome gone, not counted as 重办.
	await page.getByRole('button', { name: '重新打开' }).click();
	await page.getByLabel('重新打开的原因').fill('记错了条目：换的是南门的灯');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: '重新打开' })).toContainText('记错了条目：换的是南门的灯');
	await expect(page.getByRole('button', { name: '办结' })).toBeVisible();
	await expect(page.getByText('重办')).toHaveCount(0);
	await page.reload();
	await expect(page.getByRole('button', { name: '办结' })).toBeVisible();

	// Solved for real and the resident told: from then on their answer decides.
	await page.getByRole('button', { name: '办结' }).click();
	await page.getByLabel('解决情况').fill('北门的灯也换了');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByRole('button', { name: '反馈群众' }).click();
	await page.getByLabel('群众满意度').selectOption({ label: '满意' });
	await page.getByLabel('反馈内容').fill('亮了');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByTestId('satisfaction')).toHaveText('满意');
	await expect(page.getByRole('button', { name: '重新打开' })).toHaveCount(0);
});
