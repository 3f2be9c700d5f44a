// The websocket relay: takes `/sync/<docName>` upgrades off an http.Server, asks the auth hook,
// and hands each connection to its document's room.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { enableAck, heard, wantsAck, watchSilence } from './ack.js';
import { permissive } from './authorize.js';
import { Connection } from './connection.js';
import { resolveLimits } from './limits.js';
import { handleMessage, ProtocolError } from './protocol.js';
import { Room } from './room.js';
import * as Y from 'yjs';
import { UpdateStore } from './store.js';
import { RateLimiter } from '../util/rate-limit.js';
import { CloseCode, type Identity, type RelayOptions } from './types.js';
import { logSafe } from '../util/log-safe.js';
import type { EntryChange } from '../history/entry-changes.js';
import { actorOf } from '../history/history-store.js';

export const syncPath = '/sync/';
const docNamePattern = /^[A-Za-z0-9:_.-]{1,128}$/;
/** How long a refused client has to answer the close frame before its socket is cut. */
const refusedGraceMs = 2000;

export interface Relay {
	readonly store: UpdateStore;
	readonly rooms: ReadonlyMap<string, Room>;
	/** A document's current state, for the server's own reading (public pages, statistics): do not change it. */
	read(docName: string): Y.Doc;
	/**
	 * A change made by the server: committed, then applied and sent to everyone connected to the
	 * document. Recorded in the entry history as `sender`'s (history-store.ts, `actorOf`); with
	 * `check`, it must keep the document's rules like a client's update (else it throws, nothing stored).
	 */
	write(docName: string, change: (doc: Y.Doc) => void, sender: string, options?: WriteOptions): void;
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
	const store = new UpdateStore(options.dataFile, options.synchronous, now);
	const recorderFor = (docName: string) => options.history?.(docName) ?? null;
	if (options.history) store.backfillHistory(recorderFor);
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

	const roomFor = (docName: string): Room => {
		let room = rooms.get(docName);
		if (!room || room.broken) {
			room = new Room(docName, store, compactionThreshold, log, limits, options.rules?.(docName) ?? null, recorderFor(docName));
			rooms.set(docName, room);
			options.onRoomOpened?.(docName, room.doc); // issue 8: personal data moved out of boards
		}
		return room;
	};

	const open = (socket: WebSocket, docName: string, identity: Identity, address: string, ack: boolean): void => {
		const conn = new Connection(socket, docName, identity, log, limits);
		if (ack) enableAck(conn);
		connections.add(conn);
		let room: Room;
		try {
			room = roomFor(docName);
		} catch (error) {
			log.warn(`relay: cannot load ${logSafe(docName)}: ${logSafe((error as Error).message)}`);
			connections.delete(conn);
			return conn.close(CloseCode.internalError, 'document could not be loaded');
		}
		socket.on('message', (data: RawData) => {
			if (conn.closed) return;
			// Over the rate the connection is closed whole: part of a writer's stream is never dropped.
			if (!messages.take(address)) return conn.close(CloseCode.tryAgainLater, 'too many messages');
			heard(conn);
			try {
				handleMessage(room, conn, toBytes(data));
			} catch (error) {
				if (!(error instanceof ProtocolError)) log.warn(`relay: ${logSafe(error, 2000)}`);
				else if (error.code === CloseCode.refused) log.info(`relay: ${conn.label} on ${logSafe(docName)}: ${logSafe(error.message)}`);
				const code = error instanceof ProtocolError ? error.code : CloseCode.internalError;
				conn.close(code, closeReason((error as Error).message));
			}
		});
		socket.on('pong', () => (conn.alive = true));
		// ws reports oversized frames and protocol violations here, then closes the socket itself.
		socket.on('error', (error) => log.warn(`relay: ${conn.label} on ${logSafe(docName)}: ${logSafe(error.message)}`));
		socket.on('close', () => {
			conn.closed = true;
			connections.delete(conn);
			room.leave(conn);
			if (room.connections.size === 0) {
				room.destroy();
				if (rooms.get(docName) === room) rooms.delete(docName);
			}
		});
		room.join(conn);
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
			open(ws, docName, verdict, address, wantsAck(request.url));
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

	// Documents nobody is connected to, kept while their stored state has not changed; the most
	// recently read few only (a district's boards would not fit in memory at once).
	const snapshots = new Map<string, { lastId: number; doc: Y.Doc }>();
	const maxSnapshots = 32;
	const read = (docName: string): Y.Doc => {
		const room = rooms.get(docName);
		if (room && !room.broken) return room.doc;
		const lastId = store.lastId(docName);
		const cached = snapshots.get(docName);
		snapshots.delete(docName);
		if (cached && cached.lastId === lastId) {
			snapshots.set(docName, cached); // now the most recent
			return cached.doc;
		}
		const doc = new Y.Doc();
		doc.transact(() => store.load(docName).forEach((u) => Y.applyUpdate(doc, u)));
		snapshots.set(docName, { lastId, doc });
		if (snapshots.size > maxSnapshots) snapshots.delete(snapshots.keys().next().value!);
		return doc;
	};

	return {
		store,
		rooms,
		read,
		write(docName, change, sender, { check = false, note }: WriteOptions = {}) {
			// The change is made on a copy, so nothing is in memory that is not yet stored.
			const scratch = new Y.Doc();
			Y.applyUpdate(scratch, Y.encodeStateAsUpdate(read(docName)));
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
			if (updates.length === 0) return;
			const update = Y.mergeUpdates(updates);
			const history = changes.length ? { actor: actorOf(sender), changes, note } : undefined;
			const room = rooms.get(docName);
			if (room && !room.broken) room.applyServerUpdate(update, sender, history);
			else store.append(docName, update, sender, undefined, history);
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
			wss.close();
			// Every update was committed when it arrived; closing checkpoints the WAL.
			store.close();
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
