// Takes the README's screenshots of a duty day: a real server on a temporary data directory,
// a cadre signed in on a phone-sized screen, Debian's Chromium. Run by hand after UI changes:
//   npx vite build && npx tsx scripts/screenshots.ts
import { chromium, type Page } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOptions } from '../tests/e2e/chromium';

// SHOTS_PORT when 4399 is taken (several checkouts on one machine).
const port = Number(process.env.SHOTS_PORT ?? 4399);
const base = `http://localhost:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'yixian-shots-'));
const env = { ...process.env, YIXIAN_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', YIXIAN_PUBLIC_URL: base };
const admin = (...args: string[]) => execFileSync('npx', ['tsx', 'server/admin.ts', ...args], { env, encoding: 'utf8' });

admin('street', 'add', '--name', '东关街道');
const stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', '幸福社区', '--street', '东关街道'))![1];
admin('person', 'add', '--role', 'member', '--phone', '13700000001', '--name', '张驻点', '--unit', '区民政局', '--position', '科长', '--password', 'shots-pass-1');
admin('team', 'add', '--station', stationId, '--phone', '13700000001', '--role', 'cadre');

const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: 'ignore' });
const browser = await chromium.launch(launchOptions);
try {
	await new Promise((r) => setTimeout(r, 2500));
	const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	const page = await context.newPage();
	await page.goto('/signin');
	await page.getByLabel('手机号').fill('13700000001');
	await page.getByLabel('密码').fill('shots-pass-1');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByRole('link', { name: /幸福社区/ }).click();
	const add = async (content: string, category: string) => {
		await page.getByRole('link', { name: '＋ 记一条' }).click();
		await page.getByLabel('问题内容').fill(content);
		await page.getByLabel('分类', { exact: true }).selectOption({ label: category });
		await page.getByRole('button', { name: '保存', exact: true }).click();
		await page.getByRole('heading', { name: '幸福社区' }).waitFor();
	};
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill('小区北门占道停车，消防通道被堵');
	await page.getByRole('button', { name: '物业管理' }).click();
	await shot(page, 'quick-entry');
	await page.getByRole('link', { name: '返回' }).click();
	await add('3号楼楼道灯不亮，老人夜间出行不便', '基础设施');
	await add('小区北门占道停车，消防通道被堵', '消防安全');
	await add('希望社区增设老年助餐点', '社会救助');
	await page.getByRole('listitem').filter({ hasText: '3号楼楼道灯' }).getByRole('link').click();
	await page.getByRole('button', { name: '办结' }).click();
	await page.getByLabel('解决情况').fill('联系物业更换感应灯 6 盏，当天修复');
	await page.getByRole('button', { name: '保存' }).click();
	await page.goBack();
	await shot(page, 'duty-day-ledger');

	await page.getByRole('navigation', { name: '幸福社区' }).getByRole('link', { name: '公告' }).click();
	await page.getByRole('link', { name: /起草 .* 驻点工作日公告/ }).click();
	await page.getByLabel('地点').fill('幸福社区党群服务中心一楼');
	await page.getByLabel('主要事项').fill('老旧小区改造意见征集；养老服务需求摸排');
	await page.getByRole('button', { name: '保存草稿' }).click();
	await page.getByRole('button', { name: '发布公告' }).click();
	const href = (await page.getByTestId('public-url').getAttribute('href'))!;
	await page.goto(href);
	await shot(page, 'duty-day-notice');
	await page.goto(`${new URL(href, base).pathname}/cards`);
	await shot(page, 'contact-cards');
	await page.goto(`/p/${stationId}`);
	await shot(page, 'station-public-page');
} finally {
	await browser.close();
	server.kill('SIGTERM');
	rmSync(dataDir, { recursive: true, force: true });
}

async function shot(page: Page, name: string) {
	await page.waitForTimeout(400);
	await page.screenshot({ path: `docs/screenshots/${name}.png` });
	console.log(`wrote docs/screenshots/${name}.png`);
}
