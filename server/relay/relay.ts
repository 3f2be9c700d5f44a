// The websocket relay: takes `/sync/<docName>` upgrades off an http.Server, asks the auth hook,
// and hands each connection to its document's room.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { enableAck, heard, receiving, wantsAck, watchSilence } from './ack.js';
import { permissive } from './authorize.js';
import { Connection } from './connection.js';
import { resolveLimits } from './limits.js';
import { handleMessage, ProtocolError } from './protocol.js';
import { Room } from './room.js';
import { READER_HOLD_MS, ReaderFeed } from './reader-feed.js';
import { serverReads } from './server-reads.js';
import * as Y from 'yjs';
import { createUpdateLog, type UpdateLog } from './update-log.js';
import { RateLimiter } from '../util/rate-limit.js';
import { CloseCode, type Identity, type RelayOptions } from './types.js';
import { logSafe } from '../util/log-safe.js';
import type { EntryChange } from '../history/entry-changes.js';
import { actorOf, type HistoryRecord } from '../history/history-store.js';

export const syncPath = '/sync/';
const docNamePattern = /^[A-Za-z0-9:_.-]{1,128}$/;
/** How long a refused client has to answer the close frame before its socket is cut. */
const refusedGraceMs = 2000;
/** Messages a connection may send while its document is still loading. */
const maxEarlyMessages = 64;

export interface Relay {
	/** The document update log (SQLite or PostgreSQL). */
	readonly log: UpdateLog;
	/** Documents in memory because someone is connected to them. */
	readonly rooms: ReadonlyMap<string, Room>;
	/**
	 * A document's current state, for the server's own reading (public pages, statistics): do not
	 * change it. From memory when the document is, else from the log (SQLite or PostgreSQL).
	 */
	load(docName: string): Promise<Y.Doc>;
	/**
	 * A change made by the server: resolves once committed, applied and sent to everyone connected
	 * to the document. Recorded in the entry history as `sender`'s (history-store.ts, `actorOf`);
	 * with `check`, it must keep the document's rules like a client's update (else it rejects with
	 * `RefusedWrite`, nothing stored).
	 */
	change(docName: string, change: (doc: Y.Doc) => void, sender: string, options?: WriteOptions): Promise<void>;
	/** Documents this process holds in memory: rooms (connected clients) and recent server reads. */
	inMemory(): { rooms: number; loading: number; snapshots: number };
	/** Closes every connection of a person (e.g. removed from a team); they reconnect and are authorised afresh. */
	disconnectUser(userId: string, code?: number, reason?: string): number;
	/** Closes every connection `test` picks (sessions ended, rights re-checked); how many it closed. */
	disconnectWhere(test: (identity: Identity, docName: string) => boolean, code: number, reason: string): number;
	/** Stops taking upgrades, closes every socket with 1001 and closes the store. */
	close(timeoutMs?: number): Promise<void>;
}

export interface WriteOptions {
	/** Check the change against the document's rules (an office restore); a refusal throws `RefusedWrite`. */
	check?: boolean;
	/** Kept with the change's history rows (e.g. `restored:<updateId>`). */
	note?: string;
}

export class RefusedWrite extends Error {}

export function attachRelay(server: Server, options: RelayOptions): Relay {
	const log = options.log ?? console;
	const authorize = options.authorize ?? permissive;
	const compactionThreshold = options.compactionThreshold ?? 500;
	const limits = resolveLimits(options);
	const now = options.now ?? Date.now;
	const store = options.updateLog ?? createUpdateLog({
		databaseUrl: options.databaseUrl,
		dataFile: options.dataFile,
		synchronous: options.synchronous,
		compactionGapMs: options.compactionGapMs,
		now
	});
	const recorderFor = (docName: string) => options.history?.(docName) ?? null;
	// Entries stored before the history was kept (SQLite only: a PostgreSQL district keeps it from its
	// first update, and `admin migrate-to-postgres` backfills the SQLite file before it copies it).
	if (options.history) store.sync?.backfillHistory(recorderFor);
	// ws checks the frame length before buffering it and closes with 1009 itself.
	const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
	const rooms = new Map<string, Room>();
	const connections = new Set<Connection>();
	/** Sockets per address, from the upgrade request until the TCP socket closes (see `reserve`). */
	const perAddress = new Map<string, number>();
	const messages = new RateLimiter(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * 10);
	let closing = false;

	/**
	 * Takes one of the address's connection slots before anything is awaited, so a burst cannot
	 * pass the limit while its authorisations are pending. The slot is held as long as the TCP
	 * socket lives, whatever path it takes; `release` frees it earlier (a refusal).
	 */
	const reserve = (address: string, socket: Duplex): (() => void) | null => {
		const count = perAddress.get(address) ?? 0;
		if (count >= limits.maxConnectionsPerAddress) return null;
		perAddress.set(address, count + 1);
		let held = true;
		const release = () => {
			if (!held) return;
			held = false;
			const left = (perAddress.get(address) ?? 1) - 1;
			if (left > 0) perAddress.set(address, left);
			else perAddress.delete(address);
		};
		socket.once('close', release);
		return release;
	};

	/** Rooms whose stored updates are being read (PostgreSQL answers later; SQLite at once). */
	const loading = new Map<string, Promise<Room>>();
	const roomFor = (docName: string): Promise<Room> => {
		// Still loading (or in its opening hook): connections wait for it to finish.
		let pending = loading.get(docName);
		if (pending) return pending;
		const room = rooms.get(docName);
		if (room && !room.broken) return Promise.resolve(room);
		pending = store
			.load(docName)
			.then(async (updates) => {
				const room = new Room(docName, updates, store, compactionThreshold, log, limits, options.rules?.(docName) ?? null, options.peers ?? null, recorderFor(docName));
				rooms.set(docName, room);
				reads.forget(docName);
				await options.onRoomOpened?.(docName, room.doc); // issue 8: personal data moved out of boards
				options.peers?.opened(room); // issue 12: other processes' updates and presence
				return room;
			})
			.finally(() => loading.delete(docName));
		loading.set(docName, pending);
		return pending;
	};

	/** The room's feed to its masked readers (made at the first one's join), or null when the document has no mask. */
	const feedOf = (room: Room): ReaderFeed | null => {
		if (room.feed) return room.feed;
		const maskOf = options.readerMask?.(room.name);
		if (!maskOf) return null;
		const readers = function* () {
			for (const conn of room.connections) if (conn.identity.masked) yield conn;
		};
		return (room.feed = new ReaderFeed(room.name, room.doc, readers, maskOf, options.readerHoldMs ?? READER_HOLD_MS, log, () => room.changedAt));
	};

	/** Frees a room nobody is connected to any more: memory follows activity (issue 12). */
	const release = (room: Room): void => {
		if (room.connections.size > 0) return;
		options.peers?.closed(room);
		room.destroy();
		if (rooms.get(room.name) === room) rooms.delete(room.name);
	};

	const open = (socket: WebSocket, docName: string, identity: Identity, address: string, ack: boolean, raw: Duplex): Connection => {
		const conn = new Connection(socket, docName, identity, log, limits);
		if (ack) {
			enableAck(conn);
			// Such a client's large messages go in parts, and its own are heard as their bytes come
			// (a document sent over a slow link is one message for many seconds): docs/sync-protocol.md.
			conn.inParts = true;
			raw.on('data', () => setImmediate(() => receiving(conn)));
		}
		connections.add(conn);
		let room: Room | null = null;
		/** Messages that came while the document was loading, handled in order once it has. */
		let early: Uint8Array[] | null = [];
		const handle = (room: Room, bytes: Uint8Array) => {
			try {
				handleMessage(room, conn, bytes);
			} catch (error) {
				if (!(error instanceof ProtocolError)) log.warn(`relay: ${logSafe(error, 2000)}`);
				else if (error.code === CloseCode.refused) log.info(`relay: ${conn.label} on ${logSafe(docName)}: ${logSafe(error.message)}`);
				const code = error instanceof ProtocolError ? error.code : CloseCode.internalError;
				conn.close(code, closeReason((error as Error).message));
			}
		};
		socket.on('message', (data: RawData) => {
			if (conn.closed) return;
			// Over the rate the connection is closed whole: part of a writer's stream is never dropped.
			if (!messages.take(address)) return conn.close(CloseCode.tryAgainLater, 'too many messages');
			heard(conn);
			if (room) return handle(room, toBytes(data));
			if (early!.length >= maxEarlyMessages) return conn.close(CloseCode.tryAgainLater, 'document still loading');
			early!.push(toBytes(data));
		});
		socket.on('pong', () => (conn.alive = true));
		// ws reports oversized frames and protocol violations here, then closes the socket itself.
		socket.on('error', (error) => log.warn(`relay: ${conn.label} on ${logSafe(docName)}: ${logSafe(error.message)}`));
		socket.on('close', () => {
			conn.closed = true;
			connections.delete(conn);
			if (!room) return;
			room.leave(conn);
			release(room);
		});
		roomFor(docName).then(
			(loaded) => {
				if (conn.closed) return release(loaded);
				if (identity.masked && !feedOf(loaded)) {
					log.warn(`relay: no mask for ${logSafe(docName)}: ${conn.label} refused`);
					conn.close(CloseCode.internalError, 'cannot mask this document');
					return release(loaded);
				}
				room = loaded;
				room.join(conn);
				const queued = early!;
				early = null;
				for (const bytes of queued) if (!conn.closed) handle(room, bytes);
			},
			(error: Error) => {
				log.warn(`relay: cannot load ${logSafe(docName)}: ${logSafe(error.message)}`);
				connections.delete(conn);
				conn.close(CloseCode.internalError, 'document could not be loaded');
			}
		);
		return conn;
	};

	const onUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
		// Node took its own listeners off an upgraded socket: without one, a reset while the
		// authorisation is awaited would be an uncaught error.
		socket.on('error', () => socket.destroy());
		let path: string;
		try {
			path = new URL(request.url ?? '/', 'http://relay').pathname;
		} catch {
			return refuseUpgrade(socket, 400, 'Bad Request');
		}
		// This server's only websocket endpoint: anything else is answered, not left hanging.
		if (!path.startsWith(syncPath)) return refuseUpgrade(socket, 404, 'Not Found');
		if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
		let docName = '';
		try {
			docName = decodeURIComponent(path.slice(syncPath.length));
		} catch {
			/* left empty: refused below */
		}
		const address = options.clientAddress?.(request) ?? request.socket.remoteAddress ?? '';
		const release = reserve(address, socket);
		let verdict: Awaited<ReturnType<typeof authorize>>;
		try {
			verdict = !release
				? { reject: { code: CloseCode.tryAgainLater, reason: 'too many connections' } }
				: docNamePattern.test(docName)
				? await authorize(request, docName)
				: { reject: { code: CloseCode.unknownDocument, reason: 'bad document name' } };
		} catch (error) {
			log.warn(`relay: authorize failed: ${logSafe((error as Error).message)}`);
			verdict = { reject: { code: CloseCode.internalError, reason: 'authorization failed' } };
		}
		if ('reject' in verdict) release?.();
		if (socket.destroyed) return; // the client went away while it was being authorised
		wss.handleUpgrade(request, socket, head, (ws) => {
			if ('reject' in verdict) {
				log.info(`relay: refused ${logSafe(docName)}: ${verdict.reject.code} ${logSafe(verdict.reject.reason)}`);
				ws.close(verdict.reject.code, verdict.reject.reason);
				// It holds no slot: one that never answers the close frame must not keep its socket for ws's 30 s.
				setTimeout(() => ws.terminate(), refusedGraceMs).unref();
				return;
			}
			const conn = open(ws, docName, verdict, address, wantsAck(request.url), socket);
			options.recheck?.(verdict, docName).then(
				(no) => no && !conn.closed && conn.close(no.reject.code, no.reject.reason),
				(error: Error) => log.warn(`relay: re-checking ${conn.label} failed: ${logSafe(error.message)}`)
			);
		});
	};
	const upgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
		void onUpgrade(request, socket, head).catch((error: unknown) => {
			// One bad upgrade must never end the process (an unhandled rejection would).
			log.warn(`relay: upgrade failed: ${logSafe((error as Error).message)}`);
			socket.destroy();
		});
	server.on('upgrade', upgradeListener);

	const ping = setInterval(() => {
		for (const conn of connections) {
			if (!conn.alive) conn.socket.terminate();
			conn.alive = false;
			conn.socket.ping();
		}
	}, options.pingIntervalMs ?? 30_000);
	ping.unref();
	const stopWatchingSilence = watchSilence(connections, options.silentMs);

	// Documents nobody is connected to, read by the server itself (server-reads.ts).
	const live = (docName: string): Room | null => {
		const room = rooms.get(docName);
		return room && !room.broken ? room : null;
	};
	const reads = serverReads(store, (docName) => live(docName)?.doc ?? null, options.maxSnapshots, options.snapshotTtlMs);
	const load = reads.load;
	/**
	 * The change made on a copy, so nothing is in memory that is not yet stored: its update and what
	 * it did to ledger entries, or null when it changed nothing. With `check`, the document's rules
	 * must hold (else `RefusedWrite`).
	 */
	const changeOf = (docName: string, base: Y.Doc, change: (doc: Y.Doc) => void, sender: string, { check = false, note }: WriteOptions) => {
		const scratch = new Y.Doc();
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base));
		const updates: Uint8Array[] = [];
		const changes: EntryChange[] = [];
		const rules = check ? options.rules?.(docName) : null;
		const recorder = recorderFor(docName);
		let refusal: string | null = null;
		scratch.on('update', (u: Uint8Array) => updates.push(u));
		scratch.on('afterTransaction', (tr: Y.Transaction) => {
			refusal ??= rules ? rules(tr, scratch) : null;
			if (recorder) changes.push(...recorder(tr));
		});
		try {
			change(scratch);
		} finally {
			scratch.destroy();
		}
		if (refusal) throw new RefusedWrite(refusal);
		if (updates.length === 0) return null;
		const history: HistoryRecord | undefined = changes.length ? { actor: actorOf(sender), changes, note } : undefined;
		return { update: Y.mergeUpdates(updates), history };
	};

	return {
		log: store,
		rooms,
		load,
		async change(docName, change, sender, writeOptions = {}) {
			const made = changeOf(docName, await load(docName), change, sender, writeOptions);
			if (!made) return;
			const room = live(docName);
			if (room) await room.applyServerUpdate(made.update, sender, made.history);
			else {
				await store.append(docName, made.update, sender, undefined, made.history);
				options.peers?.committed(docName, made.update);
			}
		},
		inMemory() {
			return { rooms: rooms.size, loading: loading.size, snapshots: reads.size };
		},
		disconnectUser(userId, code = CloseCode.rightsChanged, reason = 'rights changed') {
			return this.disconnectWhere((identity) => identity.userId === userId, code, reason);
		},
		disconnectWhere(test, code, reason) {
			let closed = 0;
			for (const conn of connections) {
				if (conn.closed || !test(conn.identity, conn.docName)) continue;
				conn.close(code, reason);
				closed++;
			}
			return closed;
		},
		async close(timeoutMs = 3000) {
			if (closing) return;
			closing = true;
			server.off('upgrade', upgradeListener);
			clearInterval(ping);
			stopWatchingSilence();
			const closed = [...connections].map((c) => new Promise<void>((resolve) => {
				if (c.socket.readyState === c.socket.CLOSED) return resolve();
				c.socket.once('close', () => resolve());
				c.close(CloseCode.goingAway, 'server shutting down');
			}));
			const timer = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref());
			await Promise.race([Promise.all(closed), timer]);
			for (const c of connections) c.socket.terminate();
			for (const room of rooms.values()) room.destroy();
			rooms.clear();
			reads.close();
			wss.close();
			// Every update was committed when it arrived; closing checkpoints SQLite's WAL.
			await Promise.allSettled(loading.values());
			await store.close();
		}
	};
}

/** Answers an upgrade the relay does not serve with an HTTP status and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
	if (socket.destroyed) return;
	socket.once('finish', () => socket.destroy());
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A close reason is at most 123 bytes of UTF-8 (RFC 6455); a reason may quote a client's key. */
function closeReason(message: string): string {
	let reason = message.slice(0, 120);
	while (Buffer.byteLength(reason) > 120) reason = reason.slice(0, -1);
	return reason;
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
