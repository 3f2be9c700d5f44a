// Property-based fuzzing of the sync relay over real websockets, against the real server in its
// own process: generated frames (valid y-protocols framing with random payloads, real updates of
// random content, truncated frames, random bytes, huge varints, awareness states of random JSON,
// some claiming the honest clients' ids) from writers, readers and strangers, on the room where
// two honest stock y-websocket clients work, and on any path and document name. For every case:
// the upgrade is answered, a refusal or close uses a documented code (never 1011 or an HTTP 5xx),
// the server answers its health call, its memory stays under the bound, and the two honest
// clients still converge and still see each other's own presence.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addEntry, boardParts } from '../../src/lib/documents/board';
import { connectClient, waitFor } from '../relay/test-kit';
import { encodePart, forgedTokens, hostileString } from './generators';
import { CaseCounter, fcOptions, FuzzServer, timeLimit } from './harness';
import { docNameArb, forgedPresence, frameArb, type Frame } from './sync-messages';

const server = new FuzzServer();
const counter = new CaseCounter();
/** The fuzz connects from its own loopback address, so its throttles are not the honest clients'. */
const FUZZ_ADDRESS = '127.0.0.2';
/** Time for the server to answer an upgrade and end a connection: generous, the machine may be busy. */
const ANSWER_MS = 5000;
/**
 * Close codes for a client's doing: the application's 4xxx (docs/sync-protocol.md), and the
 * standard ones for a normal end, a policy, a size or a protocol refusal, or "try again later".
 * Not 1011 (the server failed), nor 1005/1006 (no close frame: the server dropped the socket).
 */
const acceptableClose = (code: number) => (code >= 4000 && code < 5000) || [1000, 1001, 1002, 1007, 1008, 1009, 1013].includes(code);

type Honest = ReturnType<typeof connectClient>;
let honest: { a: Honest; b: Honest } | null = null;
let probe = 0;

beforeAll(() => server.start(), 90_000);
afterAll(async () => {
	dropHonest();
	console.log(`${counter.summary('Relay fuzz')}\n  server restarts after a failed case: ${server.restarts}; peak RSS growth ${server.peakRssGrowthMb.toFixed(0)} MB`);
	await server.stop();
}, 30_000);

function dropHonest() {
	for (const c of honest ? [honest.a, honest.b] : []) {
		c.provider.destroy();
		c.doc.destroy();
	}
	honest = null;
}

/** Two honest team members on the room the fuzz attacks, each with presence the other sees. */
async function honestUp(): Promise<{ a: Honest; b: Honest }> {
	await server.ensureUp();
	dropHonest();
	const w = server.world;
	const a = connectClient(w.ws, w.docs.honest, new Y.Doc(), { token: w.tokens.honestA });
	const b = connectClient(w.ws, w.docs.honest, new Y.Doc(), { token: w.tokens.honestB });
	honest = { a, b };
	await Promise.all([waitFor(() => a.provider.synced, 10_000, 'honest A synced'), waitFor(() => b.provider.synced, 10_000, 'honest B synced')]);
	a.provider.awareness.setLocalState({ cursor: 'honest-a' });
	b.provider.awareness.setLocalState({ cursor: 'honest-b' });
	await waitFor(() => seesPresence(b, a, 'honest-a') && seesPresence(a, b, 'honest-b'), 10_000, 'honest presence');
	return honest;
}

const seesPresence = (viewer: Honest, of: Honest, cursor: string) => (viewer.provider.awareness.getStates().get(of.doc.clientID) as { cursor?: string } | undefined)?.cursor === cursor;

/** An honest edit: a ledger entry made with the app's own writer (the relay checks the board's rules). */
const record = (doc: Y.Doc, content: string) =>
	addEntry(doc, { content, place: '', category: 'other', receivedOn: '2026-01-10', visitId: '' }, 'fuzz-honest', 1_790_000_000_000);
const holds = (doc: Y.Doc, content: string) => [...boardParts(doc).entries.values()].some((entry) => entry.get('content') === content);

/** The honest clients are untouched by the case: both connected, an edit of each reaches the other, presence intact. */
async function honestStillWork(): Promise<string | null> {
	const { a, b } = honest!;
	const n = ++probe;
	try {
		record(a.doc, `probe a ${n}`);
		await waitFor(() => holds(b.doc, `probe a ${n}`), 10_000, 'honest B to see honest A\'s edit');
		record(b.doc, `probe b ${n}`);
		await waitFor(() => holds(a.doc, `probe b ${n}`), 10_000, 'honest A to see honest B\'s edit');
		await waitFor(() => seesPresence(b, a, 'honest-a') && seesPresence(a, b, 'honest-b'), 5000, 'each honest client to see the other\'s own presence');
	} catch (error) {
		const states = (c: Honest) => JSON.stringify([...c.provider.awareness.getStates()].map(([id, s]) => [id, s])).slice(0, 300);
		return `${(error as Error).message} (A connected ${a.provider.wsconnected}, B connected ${b.provider.wsconnected}; presence at A ${states(a)}, at B ${states(b)})`;
	}
	return null;
}

interface Outcome {
	/** HTTP status of a refused upgrade, or the close code the connection ended with. */
	status?: number;
	closeCode?: number;
	error?: string;
}

/** Opens a socket as the fuzz, sends the frames, closes; resolves with how the server answered. */
function runCase(path: string, frames: Frame[]): Promise<Outcome | 'no answer'> {
	const url = server.world.ws.replace(/\/sync$/, '') + path;
	return new Promise((resolve) => {
		let settled = false;
		const done = (o: Outcome | 'no answer') => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.terminate();
			resolve(o);
		};
		const timer = setTimeout(() => done('no answer'), ANSWER_MS + frames.length * 200);
		const socket = new WebSocket(url, { localAddress: FUZZ_ADDRESS, handshakeTimeout: ANSWER_MS, maxPayload: 64 * 1024 * 1024 });
		socket.on('unexpected-response', (_req, res) => done({ status: res.statusCode }));
		socket.on('error', (e) => done({ error: e.message }));
		socket.on('close', (code) => done({ closeCode: code }));
		socket.on('open', () => {
			for (const f of frames) if (socket.readyState === socket.OPEN) socket.send(f.data, { binary: typeof f.data !== 'string' });
			// The server handles a connection's messages in order: its answer to our close comes after all of them.
			if (socket.readyState === socket.OPEN) socket.close(1000);
		});
	});
}

const show = (path: string, frames: Frame[]) => `${path.slice(0, 200)} frames=[${frames.map((f) => `${f.kind} (${f.data.length}${typeof f.data === 'string' ? ' chars' : ' bytes'})`).join(', ')}]`;

async function check(property: string, path: string, frames: Frame[]): Promise<void> {
	counter.hit(property);
	const outcome = await runCase(path, frames);
	const problems: string[] = [];
	if (outcome === 'no answer') problems.push('the server neither answered the upgrade nor ended the connection');
	else if (outcome.status !== undefined && outcome.status >= 500) problems.push(`upgrade answered ${outcome.status}`);
	else if (outcome.closeCode !== undefined && !acceptableClose(outcome.closeCode)) problems.push(`closed with ${outcome.closeCode}, not a documented code for a client's doing`);
	const unwell = await server.unwell();
	if (unwell) problems.push(unwell);
	else {
		const hurt = await honestStillWork();
		if (hurt) problems.push(`the honest clients were affected: ${hurt}`);
	}
	if (problems.length) throw new Error(`${show(path, frames)}\n→ outcome ${JSON.stringify(outcome)}\n→ ${problems.join('\n→ ')}\n--- server log ---\n${server.stderrTail()}`);
}

const syncPath = (docName: string, token: string | undefined) => `/sync/${encodePart(docName)}${token === undefined ? '' : `?token=${encodePart(token)}`}`;

describe('the relay under generated traffic', () => {
	it('frames from a writer on the honest clients\' room', async () => {
		const property = 'relay: writer frames';
		await honestUp();
		const w = server.world;
		const frames = fc.array(frameArb(), { minLength: 1, maxLength: 6 });
		await fc.assert(fc.asyncProperty(frames, (f) => check(property, syncPath(w.docs.honest, w.tokens.honestA), f)), fcOptions());
	}, timeLimit(1500));

	it('frames from a reader (office, street leader) on the honest clients\' room', async () => {
		const property = 'relay: reader frames';
		await honestUp();
		const w = server.world;
		const cases = fc.record({ token: fc.constantFrom(w.tokens.office, w.tokens.leader), frames: fc.array(frameArb(), { minLength: 1, maxLength: 6 }) });
		await fc.assert(fc.asyncProperty(cases, ({ token, frames }) => check(property, syncPath(w.docs.honest, token), frames)), fcOptions());
	}, timeLimit(1500));

	it('presence: no connection changes or removes another client\'s', async () => {
		const property = 'relay: forged presence';
		const { a, b } = await honestUp();
		const w = server.world;
		const cases = fc.record({
			token: fc.constantFrom(w.tokens.honestA, w.tokens.honestB, w.tokens.office, w.tokens.leader),
			frames: fc.array(fc.oneof({ arbitrary: forgedPresence([a.doc.clientID, b.doc.clientID]), weight: 3 }, { arbitrary: frameArb(), weight: 1 }), { minLength: 1, maxLength: 3 })
		});
		await fc.assert(fc.asyncProperty(cases, ({ token, frames }) => check(property, syncPath(w.docs.honest, token), frames)), fcOptions());
	}, timeLimit(1500));

	it('any token, any document, any upgrade path', async () => {
		const property = 'relay: upgrades';
		await honestUp();
		const w = server.world;
		const tokens = [...Object.values(w.tokens), ...forgedTokens(w.tokens.cadre, w.ids.cadre)];
		const cases = fc.record({
			path: fc.oneof(
				{ arbitrary: fc.tuple(docNameArb([w.docs.honest, w.docs.boardA, w.docs.visitsA]), fc.option(fc.oneof(fc.constantFrom(...tokens), hostileString), { nil: undefined })).map(([doc, token]) => syncPath(doc, token)), weight: 8 },
				{ arbitrary: fc.constantFrom('/sync', '/sync/', '/sync/board:x/y', '/other', '/api/me', '/p/x', '/', '/sync%2fboard:x', '/sync/%zz', '/sync/board:x?token=&token=a'), weight: 2 },
				{ arbitrary: fc.constantFrom('//sync/board:x', '//%zz/sync/board:x', '//[/sync/x'), weight: 1 }
			),
			frames: fc.array(frameArb(), { maxLength: 2 })
		});
		await fc.assert(fc.asyncProperty(cases, ({ path, frames }) => check(property, path, frames)), fcOptions());
	}, timeLimit(1500));
});
