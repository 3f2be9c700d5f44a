// A Chromium the test can kill like a phone kills a backgrounded app: our own process (group) on a
// profile directory that outlives it, driven over CDP. SIGKILL gives the browser no chance to flush.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchOptions } from './chromium';
import { cdpPort } from './ports';

export interface Killable {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** SIGKILL to the browser and every process it started; resolves once they are gone. */
	kill(): Promise<void>;
	/**
	 * Whether this browser, since it started, found its IndexedDB corrupt and deleted it (its own
	 * recovery, which it logs): then every database of the origin is gone, whatever the app did.
	 */
	deletedCorruptIndexedDb(): boolean;
}

/** What Chromium logs when it deletes an origin's IndexedDB it found corrupt at open. */
const IDB_DELETED = 'IndexedDB recovering from a corrupted (and deleted) database';

export function profileDir(): { dir: string; remove: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-e2e-profile-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchKillable(dir: string, offset = 0): Promise<Killable> {
	const port = cdpPort(offset);
	// The browser's log (errors only), beside the profile: read from where this launch starts.
	const log = join(dir, 'chromium-stderr.log');
	const logFd = openSync(log, 'a');
	const logFrom = statSync(log).size;
	const child: ChildProcess = spawn(
		launchOptions.executablePath,
		[...launchOptions.args, '--enable-logging=stderr', '--log-level=2', '--headless=new', `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1', `--user-data-dir=${dir}`, '--lang=zh-CN', 'about:blank'],
		{ detached: true, stdio: ['ignore', 'ignore', logFd], env: { ...process.env, TZ: 'Asia/Shanghai' } }
	);
	closeSync(logFd);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let browser: Browser | null = null;
	const deadline = Date.now() + 30_000;
	while (!browser) {
		try {
			browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	const context = browser.contexts()[0];
	const page = context.pages()[0] ?? (await context.newPage());
	page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
	return {
		browser,
		context,
		page,
		async kill() {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				/* already gone */
			}
			await exited;
			// The group's other members (renderers, the storage service) go with it: wait until none is left.
			for (let i = 0; i < 200 && groupAlive(child.pid!); i++) await new Promise((r) => setTimeout(r, 25));
		},
		deletedCorruptIndexedDb: () => readFileSync(log).subarray(logFrom).toString().includes(IDB_DELETED)
	};
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}
