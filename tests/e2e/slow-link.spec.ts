// A phone joining a busy station over a slow link gets the whole board (docs/sync-protocol.md,
// "Large messages"). The relay sends a joining phone the board in one sync step 2; a browser hands
// a message over only once all of it is there, and the app calls a socket dead when nothing has
// arrived for 1.4 s (src/lib/device/sync-ack.ts), so a board of a megabyte on a link slower than
// that cut itself off part-way, and was sent again, for ever. Here every message from the relay
// reaches the phone only after the time its size takes at 2 Mbit/s.
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addEntry } from '../../src/lib/documents/board';
import { baseURL } from './chromium';
import { createTeam, signIn, type Team } from './team-world';

const team: Team = {
	password: 'slow-link-2024',
	street: '慢网街道',
	station: '慢网社区',
	office: { phone: '13900000201', name: '钱主任' },
	cadre: { phone: '13900000202', name: '孙干部' },
	assistant: { phone: '13900000203', name: '周助理' }
};
const ENTRIES = 1500;
/** Bytes per millisecond: 2 Mbit/s. */
const LINK = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a phone on a slow link joins a busy station and gets its whole board', async ({ browser }) => {
	test.setTimeout(120_000);
	const stationId = createTeam(team);
	// The assistant's other device recorded the station's entries: a board of about a megabyte.
	const res = await fetch(`${baseURL()}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ phone: team.assistant!.phone, password: team.password })
	});
	expect(res.ok).toBe(true);
	const doc = new Y.Doc();
	const filler = '四号楼北侧雨水管破裂积水，居民出行不便，需协调物业与市政共同处理。'.repeat(8);
	doc.transact(() => {
		for (let i = 0; i < ENTRIES; i++) addEntry(doc, { content: `${i} ${filler}`, place: '', category: 'other', receivedOn: '2026-11-30', visitId: '' }, '驻点助理员', 1_700_000_000_000 + i);
	});
	expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(1_000_000);
	const provider = new WebsocketProvider(`${baseURL().replace(/^http/, 'ws')}/sync`, `board:${stationId}`, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token: (await res.json()).access }
	});
	try {
		await expect.poll(() => provider.synced, { timeout: 30_000 }).toBe(true);

		// The cadre's phone, on the slow link.
		const context = await browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
		const t0 = Date.now();
		const log: string[] = [];
		const note = (s: string) => log.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${s}`);
		let sockets = 0;
		await context.routeWebSocket(/\/sync/, (ws) => {
			const n = ++sockets;
			const doc = new URL(ws.url()).pathname.split('/').pop();
			note(`socket ${n} ${doc} opened`);
			const server = ws.connectToServer();
			let line = Promise.resolve();
			let bytes = 0;
			let messages = 0;
			server.onMessage((message) => {
				const size = typeof message === 'string' ? message.length : message.length;
				line = line
					.then(() => sleep(size / LINK))
					.then(() => {
						bytes += size;
						messages++;
						ws.send(message);
					})
					.catch(() => {});
			});
			ws.onClose((code, reason) => note(`socket ${n} ${doc} closed by the page ${code} ${reason}; ${messages} messages ${bytes} bytes delivered`));
			server.onClose((code, reason) => note(`socket ${n} ${doc} closed by the relay ${code} ${reason}; ${messages} messages ${bytes} bytes delivered`));
		});
		const page = await context.newPage();
		page.on('console', (m) => note(`console.${m.type()}: ${m.text().slice(0, 300)}`));
		page.on('pageerror', (e) => note(`pageerror: ${e.message}`));
		try {
			await signIn(page, team.cadre, team.password);
			note('signed in');
			await page.goto(`/station/${stationId}`);
			await expect(page.getByTestId('ledger-count')).toHaveText(`${ENTRIES} / ${ENTRIES} 条`, { timeout: 60_000 });
			note('ledger complete');
			await expect(page.getByRole('banner').getByTestId('sync-state')).toHaveText(/已同步/, { timeout: 30_000 });
		} catch (e) {
			note(`sync state: ${await page.getByRole('banner').getByTestId('sync-state').textContent().catch(() => '?')}`);
			console.log(log.join('\n'));
			throw e;
		} finally {
			await context.close();
		}
	} finally {
		provider.destroy();
	}
});
