// Content-Security-Policy on the real build: the app boots, signs in and syncs under a strict
// policy (no script but its own, no violation reported), the public pages allow no script at all,
// and nothing of the app or the public forms can be framed by another site.
import { expect, test, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'headers-pass-2024';
const PHONE = '13710000009';
let stationId = '';

test.beforeAll(() => {
	admin('street', 'add', '--name', '东关街道');
	stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', '安全社区', '--street', '东关街道'))![1];
	admin('person', 'add', '--role', 'member', '--phone', PHONE, '--name', '吴干部', '--password', PASSWORD);
	admin('team', 'add', '--station', stationId, '--phone', PHONE, '--role', 'cadre');
});

/** Every CSP violation the page reports, as "directive blocked-uri". */
async function watchViolations(page: Page): Promise<string[]> {
	const seen: string[] = [];
	await page.exposeFunction('reportViolation', (v: string) => seen.push(v));
	await page.addInitScript(() =>
		document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.effectiveDirective} ${e.blockedURI}`))
	);
	page.on('console', (m) => /Content Security Policy/.test(m.text()) && seen.push(m.text()));
	return seen;
}

test('the app boots, signs in and syncs under a strict policy', async ({ page }) => {
	const violations = await watchViolations(page);
	const shell = await page.goto('/signin');
	const policy = (await shell!.headerValue('content-security-policy')) ?? '';
	const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content') ?? '');
	// The policy that governs scripts (header or, for the prerendered shell, meta) allows only the app's own.
	const scripts = [policy, meta].find((p) => p.includes('script-src')) ?? '';
	expect(scripts).toMatch(/script-src 'self'( '(sha256-[^']+|nonce-[^']+)')*;/);
	expect(scripts).not.toContain("'unsafe-eval'");
	expect(policy).toContain("frame-ancestors 'none'");
	expect(shell!.headers()['x-content-type-options']).toBe('nosniff');

	await page.getByLabel('手机号').fill(PHONE);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	await page.getByRole('link', { name: /安全社区/ }).click();
	await expect(page.getByRole('heading', { name: '安全社区' })).toBeVisible();
	await expect(page.getByRole('banner').getByTestId('sync-state')).toHaveText(/已同步/);
	await page.reload();
	await expect(page.getByRole('heading', { name: '安全社区' })).toBeVisible();
	expect(violations).toEqual([]);
});

test('the public pages run no script at all', async ({ request }) => {
	for (const path of [`/p/${stationId}`, `/p/${stationId}/r?ref=ABC`, `/p/${stationId}/r?ref=ABCDEF&sent=1`, '/rate/not-a-real-token']) {
		const res = await request.get(path);
		const policy = res.headers()['content-security-policy'] ?? '';
		expect(policy, path).toContain("script-src 'none'");
		expect(policy, path).toContain("frame-ancestors 'none'");
		expect(policy, path).toContain("form-action 'self'");
		expect(res.headers()['x-frame-options'], path).toBe('DENY');
		expect(await res.text(), path).not.toContain('<script');
	}
});

test('another site cannot frame the public report form', async ({ page }) => {
	// 127.0.0.1 and localhost are different origins: the framing page is "another site".
	const other = baseURL().replace('localhost', '127.0.0.1');
	await page.goto(`${other}/api/nothing-here`);
	// setContent waits for the frame's load event: a framed page would be there by then.
	await page.setContent(`<iframe src="${baseURL()}/p/${stationId}" title="x"></iframe>`, { waitUntil: 'load' });
	const frame = page.frames().find((f) => f !== page.mainFrame())!;
	expect(await frame.locator('form').count().catch(() => 0)).toBe(0);
	expect(frame.url()).not.toContain(`/p/${stationId}`);
});
