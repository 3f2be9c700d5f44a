// One station's team, as most browser specs need it: the operator makes the street, the station,
// the office account and the team with `npm run admin` (world.ts), and each person signs in on a
// browser of their own.
import { expect, type Browser, type Page } from '@playwright/test';
import { baseURL } from './chromium';
import { clockedContext } from './clock';
import { admin } from './world';

export interface Person {
	readonly phone: string;
	readonly name: string;
}

export interface Team {
	/** Every person's password. */
	readonly password: string;
	readonly street: string;
	readonly station: string;
	readonly office: Person;
	/** The station cadre (驻点干部). */
	readonly cadre: Person;
	/** The station assistant (驻点助理员), when the spec needs one. */
	readonly assistant?: Person;
	/** The street's leader, when the spec needs one. */
	readonly leader?: Person;
}

/** Makes the team's street, station and people; returns the station's id. */
export function createTeam(team: Team): string {
	const person = (role: string, who: Person) =>
		admin('person', 'add', '--role', role, '--phone', who.phone, '--name', who.name, '--password', team.password);
	admin('street', 'add', '--name', team.street);
	const stationId = /id ([0-9a-z]+)/.exec(admin('station', 'add', '--name', team.station, '--street', team.street))![1];
	person('office', team.office);
	person('member', team.cadre);
	admin('team', 'add', '--station', stationId, '--phone', team.cadre.phone, '--role', 'cadre');
	if (team.assistant) {
		person('member', team.assistant);
		admin('team', 'add', '--station', stationId, '--phone', team.assistant.phone, '--role', 'assistant');
	}
	if (team.leader) {
		person('leader', team.leader);
		admin('leader', 'add', '--street', team.street, '--phone', team.leader.phone);
	}
	return stationId;
}

/** Signs `who` in on the sign-in page and waits for the home screen. */
export async function signIn(page: Page, who: { phone: string }, password: string): Promise<void> {
	await page.goto('/signin');
	await page.getByLabel('手机号').fill(who.phone);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await expect(page).toHaveURL(`${baseURL()}/`);
}

export interface BrowserOptions {
	/** The browser's window, e.g. a phone's (phone-check.ts PHONE). */
	viewport?: { width: number; height: number };
	/** The browser's clock at the spec's fixed instant (clock.ts); off, it is today's. */
	clocked?: boolean;
	/** Accepts every confirm() the page asks. */
	acceptDialogs?: boolean;
}

/** A browser of `who`'s own (a new context), signed in, on the home screen. */
export async function signedIn(browser: Browser, who: { phone: string }, password: string, options: BrowserOptions = {}): Promise<Page> {
	const context = await browser.newContext({
		baseURL: baseURL(),
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		...(options.viewport ? { viewport: options.viewport } : {})
	});
	if (options.clocked) await clockedContext(context);
	const page = await context.newPage();
	if (options.acceptDialogs) page.on('dialog', (dialog) => dialog.accept());
	await signIn(page, who, password);
	return page;
}

/** On the station's board: records an entry (its content and a quick category), opens it; returns its address. */
export async function recordEntry(page: Page, content: string, category: string): Promise<string> {
	await page.getByRole('link', { name: '＋ 记一条' }).click();
	await page.getByLabel('问题内容').fill(content);
	await page.getByRole('button', { name: category }).click();
	await page.getByRole('button', { name: '保存', exact: true }).click();
	await page.getByRole('listitem').filter({ hasText: content }).click();
	await expect(page).toHaveURL(/\/entry\//);
	return page.url();
}

/** The sync state in the page's banner. */
export const syncState = (page: Page) => page.getByRole('banner').getByTestId('sync-state');

/** Waits until the page says everything is synced. */
export const synced = (page: Page) => expect(syncState(page)).toHaveText(/已同步/);

/** The office's bearer header, from the API the office's screens use. */
export async function officeHeaders(page: Page, office: { phone: string }, password: string): Promise<{ authorization: string }> {
	const session = await page.request.post('/api/session', { data: { phone: office.phone, password } });
	return { authorization: `Bearer ${((await session.json()) as { access: string }).access}` };
}

/** Everything a document's IndexedDB database stores on the device, as text (its updates decoded). */
export function storedText(page: Page, database: string): Promise<string> {
	return page.evaluate(async (name) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const open = indexedDB.open(name);
			open.onsuccess = () => resolve(open.result);
			open.onerror = () => reject(open.error);
		});
		const rows = await new Promise<unknown[]>((resolve) => {
			const all = db.transaction('updates').objectStore('updates').getAll();
			all.onsuccess = () => resolve(all.result);
		});
		db.close();
		return rows.map((r) => new TextDecoder().decode(r as Uint8Array)).join('');
	}, database);
}
