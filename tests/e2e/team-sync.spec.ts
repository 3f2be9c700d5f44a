// A station team on three phones: they sign in, edit one board live, see who else is there, and
// one of them works offline and merges on return. A street leader watches read-only.
import { expect, test, type Browser, type BrowserContext, type Page, type WebSocketRoute } from '@playwright/test';
import { baseURL } from './chromium';
import { admin } from './world';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'team-pass-2024';
const STREET = '南门街道';
const STATION = '团结社区';
const people = {
	cadre: { phone: '13700000001', name: '王干部' },
	assistant: { phone: '13700000002', name: '李助理' },
	liaison: { phone: '13700000003', name: '张联络' },
	leader: { phone: '13700000004', name: '赵街长' }
} as const;

/** The operator's command line on the data directory the test server runs on. */

interface Phone {
	context: BrowserContext;
	page: Page;
	/** Cuts this phone's websockets and refuses new ones until `online()`. */
	offline(): Promise<void>;
	online(): Promise<void>;
}

async function phone(browser: Browser): Promise<Phone> {
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	// setOffline does not cut open websockets (microsoft/playwright#4910): route them through the
	// test, to the real server, and close both ends on demand.
	let cut = false;
	const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
	await context.routeWebSocket(/\/sync\//, (ws) => {
		if (cut) return ws.close();
		const pair = { page: ws, server: ws.connectToServer() };
		open.add(pair);
	});
	const page = await context.newPage();
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	return {
		context,
		page,
		async offline() {
			// As on a phone with the app installed: the service worker serves the app's code, so
			// screens not opened yet still open without a network.
			await page.evaluate(() => navigator.serviceWorker.ready);
			if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
				await page.reload();
				await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
				await expect(syncState(page)).toHaveText(/已同步/);
			}
			cut = true;
			await context.setOffline(true);
			for (const { page, server } of open) {
				await server.close();
				await page.close();
			}
			open.clear();
		},
		async online() {
			cut = false;
			await context.setOffline(false);
		}
	};
}

async function signIn(page: Page, who: { phone: string }) {
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(who.phone);
	await page.getByLabel('密码').fill(PASSWORD);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
}

const syncState = (page: Page) => page.getByRole('banner').getByTestId('sync-state');

async function openStation(page: Page) {
	await page.getByRole('link', { name: new RegExp(STATION) }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(syncState(page)).toHaveText(/已同步/);
}

async function addEntry(page: Page, content: string) {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByRole('button', { name: '物业管理' }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
}

const entry = (page: Page, content: string) => page.getByRole('listitem').filter({ hasText: content });

let cadre: Phone;
let assistant: Phone;
let liaison: Phone;
let leader: Phone;

test.beforeAll(async ({ browser }) => {
	admin('street', 'add', '--name', STREET);
	const station = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', STATION, '--street', STREET))![1];
	for (const [role, p] of Object.entries(people)) {
		admin('person', 'add', '--role', role === 'leader' ? 'leader' : 'member', '--phone', p.phone, '--name', p.name, '--password', PASSWORD);
		if (role === 'leader') admin('leader', 'add', '--street', STREET, '--phone', p.phone);
		else admin('team', 'add', '--station', station, '--phone', p.phone, '--role', role);
	}
	[cadre, assistant, liaison, leader] = await Promise.all([phone(browser), phone(browser), phone(browser), phone(browser)]);
});

test.afterAll(async () => {
	for (const p of [cadre, assistant, liaison, leader]) await p?.context.close();
});

test('a refused sign-in says why and leaves the person signed out', async () => {
	const { page } = leader;
	await page.goto('/signin');
	// A number that is no phone's: said so, not "try again later" (waiting would not help).
	await page.getByLabel('手机号').fill('abc');
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText(/^请填写电话号码：5–20 位数字/);
	await page.getByLabel('手机号').fill(people.leader.phone);
	await page.getByLabel('密码').fill('not-the-password');
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page.getByRole('alert')).toHaveText('手机号或密码不正确');
	await page.goto('/');
	await expect(page.getByRole('link', { name: '登录' }).first()).toBeVisible();
});

test('the station team signs in and finds the station the office set up', async () => {
	for (const [p, who] of [
		[cadre, people.cadre],
		[assistant, people.assistant],
		[liaison, people.liaison]
	] as const) {
		await signIn(p.page, who);
		await expect(p.page.getByTestId('signed-in')).toHaveText(`已登录：${who.name}`);
		await openStation(p.page);
	}
});

test('only the station cadre is offered a cadre’s file in the menu: the others have none to open', async () => {
	for (const [p, offered] of [[cadre, 1], [assistant, 0], [liaison, 0]] as const) {
		await p.page.goto('/');
		await expect(p.page.getByTestId('signed-in')).toBeVisible();
		await expect(p.page.getByRole('link', { name: '我的档案', includeHidden: true })).toHaveCount(offered);
		await openStation(p.page);
	}
});

test('an entry made by one appears on the others’ screens', async () => {
	await addEntry(cadre.page, '5号楼电梯异响');
	await expect(entry(assistant.page, '5号楼电梯异响')).toBeVisible();
	await expect(entry(liaison.page, '5号楼电梯异响')).toBeVisible();
});

test('a peer’s entry is merged in the task its message came in, and shown in a task of its own (issue 11)', async ({ browser }) => {
	// On a slow phone merging a peer's edit and laying out the list it changes were one task of
	// 50–250 ms at every edit of a stream (bench:board, peer stream). The list's changes are
	// recorded with whether a socket message was being handled: set by a listener before the
	// provider's, cleared by one after it. The socket is the browser's own here (not routed through
	// the test, whose messages come from a script): after each listener the browser runs the
	// microtasks, so Svelte's flush and the mutation records of the provider's come before the second.
	const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	await context.addInitScript(() => {
		const w = window as unknown as { __inSocketTask: boolean; __listChanges: { inSocketTask: number; after: number } };
		w.__inSocketTask = false;
		w.__listChanges = { inSocketTask: 0, after: 0 };
		const Native = window.WebSocket;
		window.WebSocket = class extends Native {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols);
				this.addEventListener('message', () => (w.__inSocketTask = true));
				// After the provider has set its onmessage (at once, after constructing the socket).
				queueMicrotask(() => this.addEventListener('message', () => (w.__inSocketTask = false)));
			}
		};
		new MutationObserver((records) => {
			if (!records.some((r) => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[role=list]'))) return;
			w.__listChanges[w.__inSocketTask ? 'inSocketTask' : 'after']++;
		}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
	});
	const page = await context.newPage();
	await signIn(page, people.liaison);
	await openStation(page);
	await expect(entry(page, '5号楼电梯异响')).toBeVisible();
	await addEntry(cadre.page, '6号楼楼道堆物');
	await expect(entry(page, '6号楼楼道堆物')).toBeVisible();
	await expect(entry(liaison.page, '6号楼楼道堆物')).toBeVisible();
	const changes = await page.evaluate(() => (window as unknown as { __listChanges: { inSocketTask: number; after: number } }).__listChanges);
	await context.close();
	expect(changes.inSocketTask, JSON.stringify(changes)).toBe(0);
	expect(changes.after, JSON.stringify(changes)).toBeGreaterThan(0);
});

test('the board shows who else is on it, by their verified names', async () => {
	await expect(cadre.page.getByTestId('presence')).toContainText(people.assistant.name);
	await expect(cadre.page.getByTestId('presence')).toContainText(people.liaison.name);
	await expect(cadre.page.getByTestId('presence')).not.toContainText(people.cadre.name);
	await expect(liaison.page.getByTestId('presence')).toContainText(people.cadre.name);
});

test('one goes offline, all three edit, and on return every board has every edit', async () => {
	await liaison.offline();
	await expect(syncState(liaison.page)).toHaveText(/离线/);

	await addEntry(cadre.page, '干部离线期间记的');
	await addEntry(assistant.page, '助理离线期间记的');
	await addEntry(liaison.page, '联络员离线时记的');
	await expect(syncState(liaison.page)).toHaveText(/1 项未上传/);
	await expect(entry(cadre.page, '助理离线期间记的')).toBeVisible();
	await expect(entry(cadre.page, '联络员离线时记的')).toHaveCount(0);
	await expect(entry(liaison.page, '干部离线期间记的')).toHaveCount(0);

	await liaison.online();
	for (const p of [cadre, assistant, liaison]) {
		await expect(p.page.getByTestId('ledger-count')).toHaveText('5 / 5 条');
		for (const content of ['5号楼电梯异响', '6号楼楼道堆物', '干部离线期间记的', '助理离线期间记的', '联络员离线时记的']) {
			await expect(entry(p.page, content)).toBeVisible();
		}
		await expect(syncState(p.page)).toHaveText(/已同步/);
		await expect(syncState(p.page)).not.toContainText('未上传');
	}
});

test('a street leader reads the board live and has nothing to edit with', async () => {
	const { page } = leader;
	await signIn(page, people.leader);
	await expect(page.getByRole('link', { name: new RegExp(STATION) }).getByText('只读')).toBeVisible();
	await openStation(page);
	await expect(page.getByTestId('read-only')).toHaveText('只读');
	await expect(page.getByTestId('ledger-count')).toHaveText('5 / 5 条');
	await expect(page.getByRole('link', { name: '＋ 记一条' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: '走访', exact: true })).toHaveCount(0);

	await addEntry(cadre.page, '领导在看时记的');
	await expect(entry(page, '领导在看时记的')).toBeVisible();
	await expect(cadre.page.getByTestId('presence')).toContainText(people.leader.name);

	await entry(page, '领导在看时记的').click();
	await expect(page.getByText('领导在看时记的').first()).toBeVisible();
	await expect(page.getByRole('button', { name: '升级' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: '修改基本信息' })).toHaveCount(0);
	await page.getByRole('link', { name: '金点子', exact: true }).click();
	await expect(page.getByRole('button', { name: /收集金点子/ })).toHaveCount(0);
});

test('an idea the cadre corrects reaches the street leader live; the leader has nothing to edit it with', async () => {
	const seen = leader.page.getByRole('article');
	const { page } = cadre;
	await page.getByRole('link', { name: '金点子', exact: true }).click();
	await page.getByRole('button', { name: '＋ 收集金点子' }).click();
	await page.getByLabel('建议').fill('楼道加装扶首');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(seen.locator('strong')).toHaveText('楼道加装扶首');
	await expect(seen.getByRole('button')).toHaveCount(0);

	await page.getByRole('article').getByRole('button', { name: '编辑' }).click();
	await page.getByLabel('建议').fill('楼道加装扶手');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(seen.locator('strong')).toHaveText('楼道加装扶手');
	await expect(seen.getByRole('button', { name: /编辑/ })).toHaveCount(0);
	await page.getByRole('link', { name: '台账', exact: true }).click();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
});

test('the session survives a reload and the board syncs again', async () => {
	const { page } = cadre;
	await page.reload();
	await expect(page.getByRole('heading', { name: STATION })).toBeVisible();
	await expect(syncState(page)).toHaveText(/已同步/);
	await expect(page.getByTestId('ledger-count')).toHaveText('6 / 6 条');
	await page.goto('/');
	await expect(page.getByTestId('signed-in')).toHaveText(`已登录：${people.cadre.name}`);
});

/** A phone's visits page, listing everyone's visits of the month. */
async function openVisits(page: Page) {
	await page.getByRole('link', { name: '走访', exact: true }).click();
	await expect(page.getByTestId('visit-progress')).toBeVisible();
	await page.getByRole('button', { name: '全部走访' }).click();
}

async function recordVisit(page: Page, household: string) {
	await page.getByRole('link', { name: '＋ 记录走访' }).click();
	await page.getByLabel('户主 / 住户').fill(household);
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('heading', { name: household })).toBeVisible();
	await page.getByRole('link', { name: '返回' }).click();
	await page.getByRole('button', { name: '全部走访' }).click();
}

// Issue 11: the visit log is held, stored and synced by the documents' worker, not the page.
test('a visit recorded on one phone reaches the others, live and after an offline spell', async () => {
	await cadre.page.goto('/');
	await assistant.page.goto('/');
	for (const p of [cadre, assistant]) {
		await openStation(p.page);
		await openVisits(p.page);
	}
	await recordVisit(cadre.page, '刘大妈家');
	await expect(entry(assistant.page, '刘大妈家')).toBeVisible();
	await expect(syncState(cadre.page)).toHaveText(/已同步/);
	await expect(syncState(cadre.page)).not.toContainText('未上传');

	await assistant.offline();
	await expect(syncState(assistant.page)).toHaveText(/离线/);
	await recordVisit(assistant.page, '孙爷爷家');
	await expect(syncState(assistant.page)).toHaveText(/1 项未上传/);
	await expect(entry(cadre.page, '孙爷爷家')).toHaveCount(0);
	await assistant.online();
	await expect(entry(cadre.page, '孙爷爷家')).toBeVisible();
	await expect(syncState(assistant.page)).toHaveText(/已同步/);
	await expect(syncState(assistant.page)).not.toContainText('未上传');
});

test('the visit targets are the cadre’s: the assistant and the liaison are not told they are behind', async () => {
	for (const [p, cadreSees] of [[cadre, true], [assistant, false], [liaison, false]] as const) {
		const { page } = p;
		await page.goto('/');
		await openStation(page);
		await expect(page.getByTestId('due')).toBeVisible();
		// (Whether the cadre is behind a steady pace depends on the day of the month: not asked here.)
		if (!cadreSees) await expect(page.getByTestId('due')).not.toContainText('户');
		await page.getByRole('link', { name: '走访', exact: true }).click();
		await expect(page.getByTestId('visit-progress')).toBeVisible();
		const ties = page.getByRole('link', { name: /结对/ });
		if (cadreSees) {
			await expect(page.getByTestId('visit-progress')).toHaveText('本月走访 1 / 50 户');
			await expect(ties).toContainText('结对人数不足 3 人');
		} else {
			await expect(page.getByTestId('visit-progress')).not.toContainText('50');
			await expect(page.getByText('是驻点干部的要求')).toBeVisible();
			await expect(ties).not.toContainText('不足');
		}
	}
});
