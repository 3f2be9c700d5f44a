// What was typed into a form and not saved yet is there again when its page is left and come back
// to in the app (src/lib/state/drafts.ts): a household visit half written at a doorstep, a notice half
// drafted, survive one tap on the tab bar; saved, the next form starts afresh.
import { expect, test } from '@playwright/test';
import { createStation } from './new-station';

test('a visit half written survives a look at the ledger; saved, the next one starts afresh', async ({ page }) => {
	const station = new URL(await createStation(page, '草稿社区')).pathname;
	// Svelte's warnings (a derived read after its page was gone) are defects too.
	const warnings: string[] = [];
	page.on('console', (m) => void (m.type() === 'warning' && m.text().includes('svelte') && warnings.push(m.text())));
	await page.goto(`${station}/visits`);
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill('7号楼 王大爷');
	await page.getByLabel('走访情况').fill('独居，暖气不热，已联系物业');
	await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
	await expect(page.getByTestId('ledger-count')).toBeVisible();
	await page.getByRole('navigation').getByRole('link', { name: '走访' }).click();
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await expect(page.getByLabel('户主 / 住户')).toHaveValue('7号楼 王大爷');
	await expect(page.getByLabel('走访情况')).toHaveValue('独居，暖气不热，已联系物业');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByText('独居，暖气不热，已联系物业')).toBeVisible();
	expect(warnings).toEqual([]);
	await page.goto(`${station}/visits/new`);
	await expect(page.getByLabel('户主 / 住户')).toHaveValue('');
});

test('a notice half drafted survives a look elsewhere; saved, the next one starts afresh', async ({ page }) => {
	const station = new URL(await createStation(page, '公告草稿社区')).pathname;
	await page.goto(`${station}/notices/new`);
	const topics = page.getByLabel('主要事项');
	await expect(topics).toBeVisible();
	const filled = await topics.inputValue();
	await topics.fill('冬季供暖问题收集');
	await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
	await expect(page.getByTestId('ledger-count')).toBeVisible();
	await page.goBack();
	await expect(page.getByLabel('主要事项')).toHaveValue('冬季供暖问题收集');
	await page.getByRole('button', { name: '保存草稿' }).click();
	await expect(page).toHaveURL(new RegExp(`${station}/notices/[0-9a-z]+$`));
	await page.goto(`${station}/notices/new`);
	await expect(page.getByLabel('主要事项')).toHaveValue(filled);
});

test('an idea half written survives a look at the ledger; saved, the next one starts afresh', async ({ page }) => {
	const station = new URL(await createStation(page, '金点子草稿社区')).pathname;
	await page.goto(`${station}/ideas`);
	await page.getByRole('button', { name: '＋ 收集金点子' }).click();
	await page.getByLabel('建议').fill('楼道加装扶手');
	await page.getByLabel('具体内容').fill('3号楼老人多，上下楼吃力');
	await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
	await expect(page.getByTestId('ledger-count')).toBeVisible();
	await page.getByRole('navigation').getByRole('link', { name: '金点子' }).click();
	await expect(page.getByLabel('建议')).toHaveValue('楼道加装扶手');
	await expect(page.getByLabel('具体内容')).toHaveValue('3号楼老人多，上下楼吃力');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('article').filter({ hasText: '楼道加装扶手' })).toBeVisible();
	await page.getByRole('navigation').getByRole('link', { name: '台账' }).click();
	await page.getByRole('navigation').getByRole('link', { name: '金点子' }).click();
	await expect(page.getByRole('button', { name: '＋ 收集金点子' })).toBeVisible();
	await page.getByRole('button', { name: '＋ 收集金点子' }).click();
	await expect(page.getByLabel('建议')).toHaveValue('');
});
