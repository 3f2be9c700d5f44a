// The public pages against bad input (issue 7): a malformed form body on the report and rating
// forms, or one that is not UTF-8, is a 400 with a message on the page, never a 500; a report with
// control characters is refused with its field named; looking up references is rate-limited per
// address (429).
import { expect, test } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

const STATION = 'publicinput01';

// Again after a failed test (a new worker): once is enough.
test.beforeAll(() => {
	if (admin('station', 'list').includes(STATION)) return;
	admin('street', 'add', '--name', '北关街道');
	admin('station', 'add', '--name', '朝阳社区', '--street', '北关街道', '--id', STATION);
});

/** A form POST whose multipart body is cut off: what a broken client or a prober sends. */
const malformed = (path: string) =>
	fetch(baseURL() + path, {
		method: 'POST',
		headers: { 'content-type': 'multipart/form-data; boundary=----cut', origin: baseURL(), accept: 'text/html' },
		body: '------cut\r\nContent-Disposition: form-data; name="content"\r\n\r\n半截'
	});

test('a malformed body on the report form is a 400 with a message, not a 500', async () => {
	const res = await malformed(`/p/${STATION}?/report`);
	expect(res.status).toBe(400);
	const html = await res.text();
	expect(html).toContain('提交的内容不完整');
	expect(html).not.toMatch(/\n\s+at /);
});

test('a malformed body on the rating form is a 400 with a message, not a 500', async () => {
	const res = await malformed(`/rate/${'A'.repeat(32)}`);
	expect(res.status).toBe(400);
	// Nothing is spent; the page says what it can about the link (here: not a link at all).
	expect(await res.text()).toContain('data-testid="rate-refused"');
});

test('asking a public form for the reserved action "default" by name is a 400, not a 500', async () => {
	// SvelteKit throws on `?/default` (a reserved name) before any action of ours runs.
	for (const path of [`/rate/${'A'.repeat(32)}?/default`, `/p/${STATION}?/default`]) {
		const res = await fetch(baseURL() + path, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL() },
			body: 'overall=satisfied'
		});
		expect(res.status, path).toBe(400);
		expect(await res.text()).not.toMatch(/\n\s+at /);
	}
});

test('a public address that names no station or notice says so in Chinese, with nothing to run', async () => {
	// An old poster's QR code, a mistyped address: what a resident sees.
	for (const path of ['/p/abcdef1234', `/p/${STATION}/n/abcdef1234`]) {
		const res = await fetch(baseURL() + path, { headers: { accept: 'text/html' } });
		expect(res.status, path).toBe(404);
		const html = await res.text();
		expect(html, path).toContain('找不到这个页面');
		expect(html, path).not.toContain('No such');
		// The public pages' policy runs no script; none is sent.
		expect(html, path).not.toMatch(/<script(?![^>]*type="application\/json")/);
	}
});

test('a refused report comes back scrolled to the form, saying what to fix, with what was typed', async ({ browser }) => {
	const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`/p/${STATION}`);
	await page.getByLabel('您要反映的问题').fill('楼道灯不亮');
	await page.getByLabel('联系电话（选填，便于回访）').fill('123');
	await page.getByRole('button', { name: '提交' }).click();
	await expect(page.getByText('请按提示修改后再提交')).toBeInViewport();
	await expect(page.getByLabel('您要反映的问题')).toHaveValue('楼道灯不亮');
	await context.close();
});

test('a report with a control character is refused, its field named and nothing lost', async ({ page }) => {
	await page.goto(`/p/${STATION}`);
	const form = new URLSearchParams({ content: '路灯不亮\u0000', place: '', name: '', phone: '', website: '' });
	const res = await page.request.post(`/p/${STATION}?/report`, { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL(), accept: 'text/html' }, data: form.toString() });
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('不能包含控制字符');
});

test('the report box takes no more than the 1,000 characters a report may hold, and one longer says the limit', async ({ page }) => {
	await page.goto(`/p/${STATION}`);
	await expect(page.getByLabel('您要反映的问题')).toHaveAttribute('maxlength', '1000');
	const form = new URLSearchParams({ content: '路'.repeat(1001), place: '', name: '', phone: '', website: '' });
	const res = await page.request.post(`/p/${STATION}?/report`, { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL(), accept: 'text/html' }, data: form.toString() });
	expect(res.status()).toBe(400);
	expect(await res.text()).toContain('内容过长：最多 1000 字');
	// A line break counts once, as the box counts it, though a form sends it as CR LF.
	const lines = new URLSearchParams({ content: ('路'.repeat(99) + '\r\n').repeat(9) + '路'.repeat(100), place: '', name: '', phone: '', website: '' });
	const filed = await page.request.post(`/p/${STATION}?/report`, { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL(), accept: 'text/html' }, data: lines.toString(), maxRedirects: 0 });
	expect(filed.status()).toBe(303);
});

test('a report whose bytes are not UTF-8 is refused as unreadable, not stored with U+FFFD in it', async ({ page }) => {
	await page.goto(`/p/${STATION}`);
	const headers = { 'content-type': 'application/x-www-form-urlencoded', origin: baseURL(), accept: 'text/html' };
	// Percent-encoded (what a client in another encoding sends) and raw: both read as 路\uFFFD before.
	const raw = Buffer.concat([Buffer.from('content='), Buffer.from([0xe8, 0xb7, 0xaf, 0xff]), Buffer.from('&place=&name=&phone=&website=')]);
	for (const data of ['content=%E8%B7%AF%FF%E7%81%AF&place=&name=&phone=&website=', raw]) {
		const res = await page.request.post(`/p/${STATION}?/report`, { headers, data, maxRedirects: 0 });
		expect(res.status()).toBe(400);
		expect(await res.text()).toContain('无法识别');
	}
});

test('a lookup with no number asks for one, with the form again, and does not say the number was not found', async ({ page }) => {
	await page.goto(`/p/${STATION}`);
	// The box asks for a number before the form is sent (no script on public pages: the browser's own check).
	await expect(page.getByLabel('查询办理结果')).toHaveAttribute('required', '');
	await page.goto(`/p/${STATION}/r?ref=`);
	await expect(page.getByText('请先输入查询编号')).toBeVisible();
	await expect(page.getByText('没有找到这个编号')).toHaveCount(0);
	await expect(page.getByLabel('查询办理结果')).toBeVisible();
});

test('looking up references is limited per address, with a plain 429', async ({ request }) => {
	const statuses: number[] = [];
	for (let i = 0; i < 40; i++) statuses.push((await request.get(`/p/${STATION}/r?ref=ABCDE${'23456789ABCDEFGHJKMNPQRSTUVWXYZ'[i % 31]}`)).status());
	expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
	expect(statuses.at(-1)).toBe(429);
	const res = await request.get(`/p/${STATION}/r?ref=ZZZZZZ`);
	expect(res.status()).toBe(429);
	expect(await res.text()).toContain('查询太频繁');
	// The station's page itself is still served.
	expect((await request.get(`/p/${STATION}`)).status()).toBe(200);
	// So is a report's confirmation (where the report form sends the resident): it is no lookup.
	const sent = await request.get(`/p/${STATION}/r?ref=ABCDEF&sent=1`);
	expect(sent.status()).toBe(200);
	expect(await sent.text()).toContain('已收到，您的查询编号是');
});
