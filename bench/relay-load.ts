// Load-generator child of the relay benchmark (bench/relay.ts forks it, apart from the server).
// Raw `ws` sockets speaking y-websocket: sync step 1 on open, an empty step 2 answering the
// server's step 1, then one small Yjs update per client at a steady rate.
//
// Every client has its own Y.Doc (clientID = its global index + 1) and sets its own key of a
// shared Y.Map, so each update is a valid Yjs update that the server can integrate (it only
// depends on the same client's previous update). The updates are generated before the run and
// pre-encoded as sync messages. Each update adds one item, so its clock is its sequence number:
// a receiver reads (client, clock) from the first bytes of the update and looks up the send time,
// kept in this process (every room's clients are in one load process), so no clock crosses
// processes. Per (receiver, sender) pair the next expected clock is tracked: lost, duplicated and
// out-of-order deliveries are all counted.
//
// IPC: parent sends { type: 'init', config } → child answers { type: 'ready', ... } once every
// client is connected and synced; { type: 'go' } → child runs warm-up + measured window + drain,
// posting { type: 'phase' } marks and finally { type: 'result', ... }; { type: 'close' } → exit.
import { performance } from 'node:perf_hooks';
import { editEntry, membersOf, seedBoard } from './relay-seed.js';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface LoadConfig {
	url: string; // ws://127.0.0.1:<port>/sync
	/** bench:cluster: several server processes; a room's clients are spread over them in turn. */
	urls?: string[];
	clients: number; // all processes together
	rooms: number;
	procIndex: number;
	procs: number;
	rate: number; // updates per client per second
	warmupS: number;
	seconds: number;
	drainS: number;
	payloadBytes: number;
	connectConcurrency: number;
	connectTimeoutS: number;
}

setTimeout(() => process.exit(2), Number(process.env.BENCH_CHILD_TIMEOUT_MS ?? 600_000)).unref();
process.on('disconnect', () => process.exit(3));
const post = (message: unknown) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

// BENCH_RULES=1: boards (names the rules apply to), each update a valid board edit (meta.street).
const RULES = process.env.BENCH_RULES === '1';
// BENCH_HISTORY=1: each update edits the client's own ledger entry, recorded in the entry history (relay-seed.ts).
const HISTORY = RULES && process.env.BENCH_HISTORY === '1';
const roomName = (r: number) => (RULES ? `board:bench${String(r).padStart(6, '0')}` : `bench:room-${r}`);

let sockets: WebSocket[] = [];

process.on('message', (message: { type: string; config?: LoadConfig }) => {
	if (message.type === 'init') void init(message.config!).catch(fail);
	else if (message.type === 'go') void go().catch(fail);
	else if (message.type === 'close') {
		for (const ws of sockets) ws?.terminate();
		setTimeout(() => process.exit(0), 50);
	}
});

function fail(error: Error) {
	void post({ type: 'error', message: error.stack ?? String(error) }).then(() => process.exit(1));
}

// ——— State, indexed by global client index i (room i % rooms) ———
let cfg: LoadConfig;
let mine: number[] = []; // this process's clients, in send order
let messages: Uint8Array[][] = []; // [i][seq] pre-encoded sync update message
let sendAt: Float64Array[] = []; // [i][seq] performance.now() at send
let sent: Int32Array; // [i] updates sent
let roomMembers: number[][] = []; // [room] → client indexes
let posInRoom: Int32Array; // [i] → position in its room
let maxRoomSize = 0;
let nextClock: Int32Array; // [receiver * maxRoomSize + senderPos] → next clock expected
const synced = new Set<number>();
const syncWaiters = new Map<number, () => void>();
const counts = { delivered: 0, duplicates: 0, gaps: 0, echoes: 0, foreign: 0, other: 0, unexpectedCloses: 0, errors: 0, skippedSends: 0 };
const closeReasons = new Map<string, number>();
let t0 = 0; // send phase start (performance.now)
let mStart = 0;
let mEnd = 0;
let deliveredInWindow = 0;
const latencies: number[] = []; // ms, for updates sent inside the measured window
const crossLatencies: number[] = []; // the same, sender and receiver on different server processes (bench:cluster)
/** Which server process client i talks to (bench:cluster): its place in its room, in turn. */
const serverOf = (i: number) => (cfg.urls ? Math.floor(i / cfg.rooms) % cfg.urls.length : 0);
let deliveriesBySecond: number[] = []; // since t0, by receive time
let latBySecond: number[][] = []; // since t0, by send time (window only)

const emptyStep2 = (() => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeSyncStep2(e, new Y.Doc());
	return encoding.toUint8Array(e);
})();
const emptyStep1 = (() => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	syncProtocol.writeSyncStep1(e, new Y.Doc());
	return encoding.toUint8Array(e);
})();

function updatesPerClient(c: LoadConfig) {
	return Math.round(c.rate * (c.warmupS + c.seconds));
}

function generate(i: number, count: number, payloadBytes: number): Uint8Array[] {
	const doc = new Y.Doc();
	doc.clientID = i + 1;
	if (HISTORY) Y.applyUpdate(doc, seedBoard(membersOf(i % cfg.rooms, cfg.clients, cfg.rooms)));
	const map = doc.getMap(RULES ? 'meta' : 'bench');
	const out: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0); // messageSync
		syncProtocol.writeUpdate(e, update);
		out.push(encoding.toUint8Array(e));
	});
	const key = RULES ? 'street' : `c${i}`;
	for (let seq = 0; seq < count; seq++) {
		if (Y.getState(doc.store, doc.clientID) !== seq) throw new Error('update clock is not its sequence number');
		if (HISTORY) editEntry(doc, i, seq, `${i}:${seq}:`.padEnd(payloadBytes, 'x'));
		else map.set(key, `${i}:${seq}:`.padEnd(payloadBytes, 'x'));
	}
	doc.destroy();
	return out;
}

async function init(c: LoadConfig) {
	cfg = c;
	const genStart = performance.now();
	roomMembers = Array.from({ length: c.rooms }, () => []);
	posInRoom = new Int32Array(c.clients);
	for (let i = 0; i < c.clients; i++) {
		const r = i % c.rooms;
		posInRoom[i] = roomMembers[r].length;
		roomMembers[r].push(i);
	}
	maxRoomSize = Math.max(...roomMembers.map((m) => m.length));
	mine = [];
	for (let i = 0; i < c.clients; i++) if ((i % c.rooms) % c.procs === c.procIndex) mine.push(i);
	const perClient = updatesPerClient(c);
	messages = new Array(c.clients);
	sendAt = new Array(c.clients);
	for (const i of mine) {
		messages[i] = generate(i, perClient, c.payloadBytes);
		sendAt[i] = new Float64Array(perClient);
	}
	sent = new Int32Array(c.clients);
	nextClock = new Int32Array(c.clients * maxRoomSize);
	const updateBytes = messages[mine[0]]?.map((m) => m.length) ?? [];
	const generateMs = performance.now() - genStart;

	// Connect with bounded concurrency (a burst of thousands of SYNs overflows the listen backlog).
	sockets = new Array(c.clients);
	const connectStart = performance.now();
	const connectTimes: number[] = [];
	let failed = 0;
	let cursor = 0;
	const deadline = Date.now() + c.connectTimeoutS * 1000;
	const worker = async () => {
		while (cursor < mine.length && Date.now() < deadline) {
			const i = mine[cursor++];
			const t = performance.now();
			try {
				await connect(i, deadline - Date.now());
				connectTimes.push(performance.now() - t);
			} catch {
				failed++;
			}
		}
	};
	await Promise.all(Array.from({ length: c.connectConcurrency }, worker));
	connectTimes.sort((a, b) => a - b);
	await post({
		type: 'ready',
		clients: mine.length,
		connected: synced.size,
		failed: failed + (mine.length - cursor),
		generateMs,
		updatesPerClient: perClient,
		updateMessageBytes: { min: Math.min(...updateBytes), max: Math.max(...updateBytes) },
		connectMs: performance.now() - connectStart,
		connectP50Ms: connectTimes[Math.floor(connectTimes.length * 0.5)] ?? null,
		connectP99Ms: connectTimes[Math.floor(connectTimes.length * 0.99)] ?? null
	});
}

const seedMessages = new Map<number, Uint8Array>();
/** Room r's seed board as a sync update message (relay-seed.ts), made once per room. */
function seedMessage(r: number): Uint8Array {
	let message = seedMessages.get(r);
	if (!message) {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0); // messageSync
		syncProtocol.writeUpdate(e, seedBoard(membersOf(r, cfg.clients, cfg.rooms)));
		message = encoding.toUint8Array(e);
		seedMessages.set(r, message);
	}
	return message;
}

function connect(i: number, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(`${cfg.urls ? cfg.urls[serverOf(i)] : cfg.url}/${roomName(i % cfg.rooms)}`, { perMessageDeflate: false });
		sockets[i] = ws;
		const timer = setTimeout(() => {
			syncWaiters.delete(i);
			ws.terminate();
			reject(new Error('connect timeout'));
		}, Math.max(1, timeoutMs));
		syncWaiters.set(i, () => {
			clearTimeout(timer);
			resolve();
		});
		ws.on('open', () => {
			// The reference relay starts empty: without the board every client's docs start from, it
			// would hold their edits as pending forever (ours has it stored; to it this is a no-op).
			if (HISTORY) ws.send(seedMessage(i % cfg.rooms));
			ws.send(emptyStep1);
		});
		ws.on('message', (data: Buffer) => onMessage(i, ws, data));
		ws.on('error', () => {
			counts.errors++;
		});
		ws.on('close', (code: number, reason: Buffer) => {
			if (syncWaiters.has(i)) {
				syncWaiters.delete(i);
				clearTimeout(timer);
				reject(new Error(`closed ${code}`));
			}
			if (synced.has(i)) counts.unexpectedCloses++;
			const key = `${code} ${reason.toString()}`;
			closeReasons.set(key, (closeReasons.get(key) ?? 0) + 1);
		});
	});
}

function onMessage(i: number, ws: WebSocket, data: Buffer) {
	const now = performance.now();
	const d = decoding.createDecoder(data);
	const type = decoding.readVarUint(d);
	if (type !== 0) return void counts.other++; // awareness etc.
	const sub = decoding.readVarUint(d);
	if (sub === syncProtocol.messageYjsSyncStep1) return void ws.send(emptyStep2);
	if (sub === syncProtocol.messageYjsSyncStep2) {
		// The server's answer to our step 1: synced. (Rooms are empty at the start.)
		if (!synced.has(i)) {
			synced.add(i);
			syncWaiters.get(i)?.();
			syncWaiters.delete(i);
		}
		return;
	}
	if (sub !== syncProtocol.messageYjsUpdate) return void counts.other++;
	const update = decoding.readVarUint8Array(d);
	// Update v1: #clients, then per client #structs, client id, first clock.
	const u = decoding.createDecoder(update);
	decoding.readVarUint(u);
	decoding.readVarUint(u);
	const sender = decoding.readVarUint(u) - 1;
	const clock = decoding.readVarUint(u);
	if (sender < 0 || sender >= cfg.clients || sender % cfg.rooms !== i % cfg.rooms || !sendAt[sender]) return void counts.foreign++;
	if (sender === i) return void counts.echoes++; // the reference relay sends an update back to its sender too
	const pair = i * maxRoomSize + posInRoom[sender];
	const expected = nextClock[pair];
	if (clock < expected) return void counts.duplicates++;
	if (clock > expected) counts.gaps += clock - expected;
	nextClock[pair] = clock + 1;
	counts.delivered++;
	const second = Math.floor((now - t0) / 1000);
	deliveriesBySecond[second] = (deliveriesBySecond[second] ?? 0) + 1;
	if (now >= mStart && now < mEnd) deliveredInWindow++;
	const sentAt = sendAt[sender][clock];
	if (sentAt >= mStart && sentAt < mEnd) {
		const latency = now - sentAt;
		latencies.push(latency);
		if (serverOf(sender) !== serverOf(i)) crossLatencies.push(latency);
		const s = Math.floor((sentAt - mStart) / 1000);
		(latBySecond[s] ??= []).push(latency);
	}
}

function expectedDeliveries(): number {
	let total = 0;
	for (const i of mine) total += sent[i] * (roomMembers[i % cfg.rooms].length - 1);
	return total;
}

async function go() {
	const perClient = updatesPerClient(cfg);
	const n = mine.length;
	const total = n * perClient;
	const perMs = (n * cfg.rate) / 1000;
	let k = 0;
	let maxBacklog = 0;
	let ticks = 0;
	t0 = performance.now();
	mStart = t0 + cfg.warmupS * 1000;
	mEnd = mStart + cfg.seconds * 1000;
	const wall0 = Date.now();
	await post({ type: 'phase', name: 'send-start', at: wall0 });
	let cpuWindowStart: NodeJS.CpuUsage | null = null;
	let cpuWindowPercent = NaN;
	setTimeout(() => {
		cpuWindowStart = process.cpuUsage();
		void post({ type: 'phase', name: 'window-start', at: Date.now() });
	}, cfg.warmupS * 1000);
	setTimeout(() => {
		const used = process.cpuUsage(cpuWindowStart ?? undefined);
		cpuWindowPercent = ((used.user + used.system) / 1000 / (performance.now() - mStart)) * 100;
		void post({ type: 'phase', name: 'window-end', at: Date.now() });
	}, (cfg.warmupS + cfg.seconds) * 1000);
	const cpu0 = process.cpuUsage();
	// Client k % n sends its (k / n)-th update: each client every 1/rate s, the clients evenly phased.
	await new Promise<void>((resolve) => {
		const tick = () => {
			ticks++;
			const target = Math.min(total, Math.floor((performance.now() - t0) * perMs));
			if (target - k > maxBacklog) maxBacklog = target - k;
			while (k < target) {
				const i = mine[k % n];
				const seq = Math.floor(k / n);
				k++;
				const ws = sockets[i];
				if (!ws || ws.readyState !== WebSocket.OPEN || sent[i] !== seq) {
					counts.skippedSends++;
					continue;
				}
				sendAt[i][seq] = performance.now();
				ws.send(messages[i][seq]);
				sent[i]++;
			}
			if (k < total) setTimeout(tick, 1);
			else resolve();
		};
		tick();
	});
	const sendEnd = performance.now();
	// Drain: wait until every update has reached every other client of its room, or time out.
	const drainStart = performance.now();
	const expected = expectedDeliveries();
	while (counts.delivered < expected && performance.now() - drainStart < cfg.drainS * 1000) {
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	const drainMs = performance.now() - drainStart;
	const cpu = process.cpuUsage(cpu0);

	let lost = 0;
	for (const r of mine) {
		for (const s of roomMembers[r % cfg.rooms]) {
			if (s === r) continue;
			const got = nextClock[r * maxRoomSize + posInRoom[s]];
			if (sent[s] > got) lost += sent[s] - got;
		}
	}
	lost += counts.gaps; // clocks skipped over: never delivered
	let sentTotal = 0;
	for (const i of mine) sentTotal += sent[i];
	const windowSeconds = (mEnd - mStart) / 1000;
	const p99BySecond = latBySecond.map((l) => percentile(Float64Array.from(l).sort(), 0.99));
	// The soak's figure (issue 12): p99 of every delivery sent in each 10 s of the window.
	const p99By10s: number[] = [];
	for (let s = 0; s < latBySecond.length; s += 10) p99By10s.push(percentile(Float64Array.from(latBySecond.slice(s, s + 10).flatMap((l) => l ?? [])).sort(), 0.99));
	await post({
		type: 'result',
		sent: sentTotal,
		expectedDeliveries: expected,
		...counts,
		lost,
		closeReasons: Object.fromEntries(closeReasons),
		deliveredInWindow,
		windowSeconds,
		sendSeconds: (sendEnd - t0) / 1000,
		drainMs,
		maxSendBacklog: maxBacklog,
		ticks,
		cpuPercent: Number.isFinite(cpuWindowPercent) ? cpuWindowPercent : ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100,
		deliveriesBySecond: Array.from(deliveriesBySecond, (x) => x ?? 0),
		p99BySecondMs: p99BySecond,
		p99By10sMs: p99By10s,
		latencies: Float64Array.from(latencies),
		crossLatencies: Float64Array.from(crossLatencies)
	});
}

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
