// The ledger's rows are kept by their place in the list (VirtualList.svelte), so a change that
// moves the entries (a teammate's new entry at the top) must not leave the keyboard's focus on a
// row that now shows another entry: Enter would open an entry other than the one read out.
import { expect, test } from '@playwright/test';
import { createTeam, signedIn, synced } from './team-world';

const team = {
	password: 'focus-pass-2024',
	street: '北湖街道',
	station: '北湖社区',
	office: { phone: '13655000001', name: '一线办周' },
	cadre: { phone: '13655000002', name: '周干部' },
	assistant: { phone: '13655000003', name: '吴助理' }
} as const;

test.beforeAll(() => {
	createTeam(team);
});

/** Records an entry from the ledger and comes back to it. */
async function quickEntry(page: import('@playwright/test').Page, content: string) {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByRole('button', { name: '基础设施' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('link', { name: new RegExp(content) })).toBeVisible();
}

test('the focused row follows its entry when a teammate’s entry comes in above it', async ({ browser }) => {
	const cadre = await signedIn(browser, team.cadre, team.password);
	const assistant = await signedIn(browser, team.assistant, team.password);
	for (const page of [cadre, assistant]) {
		await page.getByRole('link', { name: new RegExp(team.station) }).click();
		await expect(page.getByRole('heading', { name: team.station })).toBeVisible();
	}
	await quickEntry(cadre, '一号楼路灯不亮');
	await quickEntry(cadre, '二号楼井盖松动');
	await synced(cadre);
	const rows = cadre.getByRole('list', { name: '驻点工作台账' }).getByRole('listitem');
	await expect(rows).toHaveCount(2);
	const top = (await rows.first().textContent()) ?? '';
	const focused = top.includes('二号楼') ? '二号楼井盖松动' : '一号楼路灯不亮';
	await cadre.getByRole('link', { name: new RegExp(focused) }).focus();

	// The assistant's entry arrives live and goes to the top of the cadre's list.
	await expect(assistant.getByTestId('ledger-count')).toHaveText('2 / 2 条');
	await quickEntry(assistant, '三号楼楼道堆物');
	await expect(rows).toHaveCount(3);
	await expect(rows.first()).toContainText('三号楼楼道堆物');
	// The focus is still on the entry it was on, and Enter opens that one.
	await expect.poll(() => cadre.evaluate(() => document.activeElement?.textContent ?? '')).toContain(focused);
	await cadre.keyboard.press('Enter');
	await expect(cadre.getByRole('main').getByText(focused)).toBeVisible();
	await expect(cadre).toHaveURL(/\/entry\//);
	await cadre.context().close();
	await assistant.context().close();
});
