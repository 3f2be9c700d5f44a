// A resident's report is filed once, whatever the browser does afterwards: the public report form
// (no script) answers a successful send with a redirect to a page of its own (Post/Redirect/Get),
// so reloading the confirmation, or going back and forward, never sends the form again. The
// station's team sees exactly one report in its inbox, and the resident keeps the reference.
import { expect, test } from '@playwright/test';
import { baseURL } from './chromium';
import { PHONE } from './phone-check';
import { createTeam, signedIn, synced } from './team-world';

const team = {
	password: 'report-once-2024',
	street: '西关街道',
	station: '望江社区',
	office: { phone: '13744000001', name: '办公室甲' },
	cadre: { phone: '13744000002', name: '驻点干部乙' }
};

let stationId = '';

test.beforeAll(() => {
	stationId = createTeam(team);
});

test('reloading the confirmation, or going back and forward, files the report once and keeps the reference', async ({ browser }) => {
	// A phone with no script, as the public pages are built for.
	const resident = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: PHONE, javaScriptEnabled: false });
	const page = await resident.newPage();
	await page.goto(`/p/${stationId}`);
	await page.getByLabel('您要反映的问题').fill('垃圾站三天没有清运');
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByRole('status')).toContainText('已收到，您的查询编号是');
	const ref = (await page.getByTestId('report-ref').textContent())!.trim();
	expect(ref).toMatch(/^[2-9A-Z]{6}$/);

	await page.reload();
	await expect(page.getByRole('heading', { name: '已收到您的反映' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText('已收到，您的查询编号是');
	await expect(page.getByTestId('report-ref')).toHaveText(ref);
	await page.goBack();
	await page.goForward();
	await expect(page.getByTestId('report-ref')).toHaveText(ref);
	await resident.close();

	// Everything the resident's browser sent has been answered: what the team sees is all there is.
	const cadre = await signedIn(browser, team.cadre, team.password);
	await cadre.goto(`/station/${stationId}/inbox`);
	await synced(cadre);
	const items = cadre.getByTestId('inbox-item').filter({ hasText: '垃圾站三天没有清运' });
	await expect(items.filter({ hasText: ref })).toBeVisible();
	await expect(items).toHaveCount(1);
	await cadre.context().close();
});
