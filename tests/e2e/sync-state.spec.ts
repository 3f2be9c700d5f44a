// The phone tells the truth about sync with the network really cut: the websockets go through the
// test, which can make them go silent (a dead network keeps a socket "open"), refuse new ones, or
// hold back the relay's acknowledgements. 离线 within 2 s; the unsent count exact through edits, a
// restart offline and reconnection; 0 only once the server has committed everything.
import { expect, test, type Browser, type BrowserContext, type Page, type WebSocketRoute } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'state-pass-2024';
const STATION = '明德社区';
const cadreWho = { phone: '13600000001', name: '周干部' };
const assistantWho = { phone: '13600000002', name: '吴助理' };

interface Phone {
	context: BrowserContext;
	page: Page;
	/** Dead network: open sockets stay open but nothing passes; new ones never answer. */
	silence(): void;
	/** Network back: new sockets reach the server again (the app reconnects on its own). */
	restore(): void;
	/** Hold back (or release) the relay's acknowledgements (message 100) to this phone. */
	holdAcks(hold: boolean): void;
}

async function phone(browser: Browser): Promise<Phone> {
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	let silent = false;
	let hold = false;
	const held: { page: WebSocketRoute; message: string | Buffer }[] = [];
	await context.routeWebSocket(/\/sync\//, (ws) => {
		if (silent) return; // never connected, never closed: as a socket into a dead network
		const server = ws.connectToServer();
		let dead = false;
		ws.onMessage((message) => {
			if (silent) dead = true;
			if (!dead) server.send(message);
		});
		server.onMessage((message) => {
			if (silent) dead = true;
			if (dead) return;
			if (hold && typeof message !== 'string' && message[0] === 100) return void held.push({ page: ws, message });
			ws.send(message);
		});
	});
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	return {
		context,
		page,
		silence: () => void (silent = true),
		restore: () => void (silent = false),
		holdAcks(value) {
			hold = value;
			if (!value) for (const { page, message } of held.splice(0)) page.send(message);
		}
	};
}

const syncState = (page: Page) => page.getByRole('banner').getByTestId('sync-state');
const entry = (page: Page, content: string) => page.getByRole('listitem').filter({ hasText: content });

async function signIn(page: Page, who: { phone: string }) {
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(who.phone);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(syncState(page)).toHaveText('同步状态:已同步');
}

async function addEntry(page: Page, content: string) {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByLabel('分类', { exact: true }).selectOption({ label: '基础设施' });
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
}

let cadre: Phone;
let assistant: Phone;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(180_000); // the operator's commands and sign-ins, on a loaded machine
	admin('street', 'add', '--name', '北关街道');
	const station = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', '北关街道'))![1];
	for (const [who, role] of [[cadreWho, 'cadre'], [assistantWho, 'assistant']] as const) {
		admin('person', 'add', '--role', 'member', '--phone', who.phone, '--name', who.name, '--password', PASSWORD);
		admin('team', 'add', '--station', station, '--phone', who.phone, '--role', role);
	}
	[cadre, assistant] = await Promise.all([phone(browser), phone(browser)]);
	await signIn(cadre.page, cadreWho);
	await signIn(assistant.page, assistantWho);
	await expect(cadre.page.getByTestId('presence')).toContainText(assistantWho.name);
});

test.afterAll(async () => {
	for (const p of [cadre, assistant]) await p?.context.close();
});

test('an edit counts as unsent until the relay acknowledged its commit, even on a live socket', async () => {
	cadre.holdAcks(true);
	await addEntry(cadre.page, '公告栏破损');
	// The assistant already sees it (the relay committed and forwarded it) — but the cadre's phone
	// has not been told, so it does not claim it.
	await expect(entry(assistant.page, '公告栏破损')).toBeVisible();
	await expect(syncState(cadre.page)).toContainText('1 项未上传');
	await expect(syncState(cadre.page)).not.toContainText('已同步');
	cadre.holdAcks(false);
	await expect(syncState(cadre.page)).toHaveText('同步状态:已同步');
});

test('a network that goes dead says 离线 within 2 s, and presence goes on both phones', async () => {
	const cutAt = Date.now();
	cadre.silence();
	await expect(syncState(cadre.page)).toContainText('离线', { timeout: 2000 });
	expect(Date.now() - cutAt).toBeLessThan(2000);
	await expect(cadre.page.getByTestId('presence')).toHaveCount(0);
	await expect(assistant.page.getByTestId('presence')).toHaveCount(0, { timeout: 10_000 });
});

test('when the network is back, the two phones show each other again at once, not after the next renewal', async () => {
	cadre.restore();
	await expect(syncState(cadre.page)).toHaveText('同步状态:已同步', { timeout: 15_000 });
	// The same document and client on the cadre's phone, reconnected: the relay removed its state
	// when the socket went silent, and the phone removed the assistant's. Re-sent at their old
	// clocks, neither state would show before its next renewal (every 15 s); both show at once.
	await expect(assistant.page.getByTestId('presence')).toContainText(cadreWho.name, { timeout: 3000 });
	await expect(cadre.page.getByTestId('presence')).toContainText(assistantWho.name, { timeout: 3000 });
	cadre.silence();
	await expect(syncState(cadre.page)).toContainText('离线');
});

test('edits made offline are counted exactly, also after a restart offline', async () => {
	const page = cadre.page;
	await addEntry(page, '离线记录一');
	await expect(syncState(page)).toContainText('1 项未上传');
	await addEntry(page, '离线记录二');
	await entry(page, '离线记录一').click();
	await page.getByRole('button', { name: '记录进展' }).click();
	await page.getByLabel('进展情况').fill('已联系物业');
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByText('已联系物业')).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	// Back at the ledger (the entry page shows the same sync state: a reload there would not be the ledger's).
	await expect(page.getByLabel('搜索内容、地点、责任人')).toBeVisible();
	await expect(syncState(page)).toContainText('离线');
	await expect(syncState(page)).toContainText('3 项未上传');
	// The app restarted with no network (served by its service worker).
	await page.context().setOffline(true);
	await page.reload();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(syncState(page)).toContainText('离线');
	await expect(syncState(page)).toContainText('3 项未上传');
	await page.goto('/');
	await expect(page.getByRole('link', { name: new RegExp(STATION) }).getByTestId('sync-state')).toContainText('3 项未上传');
	await expect(syncState(page)).toContainText('3 项未上传');
});

test('on reconnection the count reaches 0 only once the relay acknowledged, and the other phone has everything', async () => {
	const page = cadre.page;
	cadre.holdAcks(true);
	cadre.restore();
	await page.context().setOffline(false);
	await expect(entry(assistant.page, '离线记录二')).toBeVisible({ timeout: 15_000 });
	await expect(syncState(page)).toContainText('3 项未上传');
	cadre.holdAcks(false);
	await expect(syncState(page)).toHaveText('同步状态:已同步', { timeout: 15_000 });
	await expect(page.getByRole('link', { name: new RegExp(STATION) }).getByTestId('sync-state')).toHaveText('同步状态:已同步');
});
