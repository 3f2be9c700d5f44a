// The documents' worker (issue 11): documents held off the page's main thread, so that building a
// big Y.Doc, its collections and its merges never hold a tap. One per page; the page talks to it
// through docs-client.ts (docs-protocol.ts says what each message means).
import { encodeStateAsUpdate } from 'yjs';
import { runOp, type OpContext } from './doc-ops';
import type { FromWorker, ToWorker } from './docs-protocol';
import { HostedDoc } from './hosted-doc';
import { HostedLedger } from './hosted-ledger';
import { HostedList } from './hosted-list';
import { HostedTally } from './hosted-tally';
import { HostedLink } from './hosted-link';
import { socketEvent, socketsPostWith } from './page-socket';

const scope = self as unknown as Worker;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
socketsPostWith(post);

/** A document, its link, and for a board its ledger's projection, list and counts. */
interface Held {
	hosted: HostedDoc;
	link: HostedLink;
	ledger: HostedLedger | null;
	list: HostedList | null;
	tally: HostedTally | null;
}
const docs = new Map<string, Held>();
/** Attach requests waiting for their document's load. */
const attaching = new Map<string, ToWorker>();

/** Only `open` makes a document: a message for one closed since (a stale view's edit) must not re-create its database. */
function opened(name: string) {
	let entry = docs.get(name);
	if (!entry) {
		const hosted = new HostedDoc(name, post);
		const [kind, station] = name.split(':');
		const ledger = kind === 'board' && station ? new HostedLedger(hosted, station, post) : null;
		void ledger?.start().catch((error: unknown) => console.warn('Projecting the ledger failed', error));
		const board = kind === 'board';
		entry = { hosted, link: new HostedLink(hosted, post), ledger, list: board ? new HostedList(hosted) : null, tally: board ? new HostedTally(hosted, post) : null };
		docs.set(name, entry);
	}
	return entry;
}

/** What an op may reach beyond its own document. */
const context: OpContext = {
	async loaded(name) {
		const entry = docs.get(name);
		if (!entry) return null;
		await entry.hosted.ready;
		return entry.hosted.doc;
	},
	async stored(name) {
		await docs.get(name)?.hosted.stored();
	},
	async compact(name) {
		await docs.get(name)?.hosted.store?.compact();
	}
};

/** Runs `work`, answering `seq` with its result when it is done (or failed). */
function answer(seq: number, work: () => Promise<unknown>) {
	work().then(
		(value) => post(value === undefined ? { type: 'reply', seq } : { type: 'reply', seq, value }),
		(error: unknown) => post({ type: 'reply', seq, error: String(error) })
	);
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
	const m = event.data;
	if (m.type === 'socket') return socketEvent(m.id, m.event, m.data, m.code, m.reason);
	if (m.type === 'close') {
		const entry = docs.get(m.name);
		docs.delete(m.name);
		attaching.delete(m.name);
		return answer(m.seq, async () => {
			entry?.link.detach();
			await entry?.ledger?.close();
			await entry?.hosted.close();
		});
	}
	if (m.type === 'open') return void opened(m.name);
	const entry = docs.get(m.name);
	if (!entry) return 'seq' in m ? post({ type: 'reply', seq: m.seq, error: 'not open' }) : undefined;
	const { hosted, link } = entry;
	switch (m.type) {
		// An edit waits for the load like any other message: nothing is written into a half-loaded document.
		case 'put':
			return void hosted.ready.then(() => hosted.put(m.part, m.record));
		case 'delete':
			return void hosted.ready.then(() => hosted.delete(m.part, m.id));
		case 'run':
			return answer(m.seq, async () => {
				await hosted.ready;
				return runOp(m.op, hosted.doc, context, m.args);
			});
		case 'stored':
			return answer(m.seq, () => hosted.stored());
		case 'projected':
			return answer(m.seq, async () => {
				await hosted.ready;
				await entry.ledger?.projected();
			});
		case 'rows':
			return answer(m.seq, async () => entry.list?.answer(m.ask) ?? null);
		case 'frequent':
			return answer(m.seq, async () => entry.list?.frequent(m.list, m.n) ?? []);
		case 'raised':
			return answer(m.seq, async () => entry.list?.raisedOn(m.visitId) ?? []);
		case 'count':
			return entry.tally?.count(m.today);
		case 'reconcile':
			return entry.ledger?.reconcile();
		case 'watch':
			return void hosted.ready.then(() => hosted.watch(m.part, m.keys));
		case 'retry':
			return answer(m.seq, async () => {
				await hosted.ready;
				if (hosted.store && hosted.store.state !== 'ok') await hosted.store.retry();
			});
		case 'encode':
			return answer(m.seq, async () => {
				await hosted.ready;
				return encodeStateAsUpdate(hosted.doc);
			});
		case 'attach':
			// Linked once loaded, unless a detach came meanwhile.
			attaching.set(m.name, m);
			return void hosted.ready.then(() => {
				if (attaching.get(m.name) !== m) return;
				attaching.delete(m.name);
				link.attach(m.url, m.token, m.me);
			});
		case 'token':
			return link.token(m.token);
		case 'reconnect':
			return link.reconnect();
		case 'detach':
			attaching.delete(m.name);
			return link.detach();
	}
};
