// A property: random board edits by several writers (some offline for a while), held and sent to
// readers masked as reader-feed.ts does; each reader ends with the server's state vector, nothing
// pending, and the server's document with its text masked.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maskedState, maskUpdate } from './masked-update.js';

const NAME = '周红梅';
const PHONE = '13700001111';
const mask = (text: string) => text.replaceAll(NAME, '某某').replaceAll(PHONE, '***');

function rng(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
}

function run(seed: number) {
	const r = rng(seed);
	const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
	const server = new Y.Doc();
	const writers = [0, 1, 2].map(() => ({ doc: new Y.Doc(), online: true, outbox: [] as Uint8Array[] }));
	let held: Uint8Array[] = [];
	let copy: Y.Doc | null = null;
	const readers: Y.Doc[] = [];
	const flush = () => {
		if (!held.length) return;
		const update = maskUpdate(held.length === 1 ? held[0] : Y.mergeUpdates(held), mask, server);
		held = [];
		if (copy) Y.applyUpdate(copy, update);
		for (const reader of readers) Y.applyUpdate(reader, update);
	};
	const toServer = (u: Uint8Array) => {
		Y.applyUpdate(server, u);
		if (readers.length) held.push(u);
		for (const w of writers) if (w.online) Y.applyUpdate(w.doc, u, 'remote');
	};
	for (const w of writers) {
		Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(server));
		w.doc.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin === 'remote') return;
			if (w.online) toServer(u);
			else w.outbox.push(u);
		});
	}
	const text = () => pick([`${NAME}反映`, `电话${PHONE}`, '楼道灯', `${NAME} ${PHONE}`]);
	for (let step = 0; step < 300; step++) {
		const w = pick(writers);
		const doc = w.doc;
		const x = r();
		const entries = doc.getMap<Y.Map<unknown>>('entries');
		const notices = doc.getMap<Y.Map<unknown>>('notices');
		if (x < 0.1) {
			const e = new Y.Map<unknown>();
			e.set('content', text());
			e.set('place', text());
			const tl = new Y.Array<unknown>();
			tl.push([{ type: 'created', text: text() }]);
			e.set('timeline', tl);
			entries.set(`e${step}`, e);
		} else if (x < 0.25 && entries.size) {
			pick([...entries.values()]).set(pick(['content', 'place']), text());
		} else if (x < 0.35 && entries.size) {
			(pick([...entries.values()]).get('timeline') as Y.Array<unknown>).push([{ type: 'note', text: text() }]);
		} else if (x < 0.45) {
			const n = new Y.Map<unknown>();
			n.set('title', text());
			n.set('topics', text());
			notices.set(notices.size && r() < 0.5 ? pick([...notices.keys()]) : `n${step}`, n);
		} else if (x < 0.55 && notices.size) {
			pick([...notices.values()]).set(pick(['title', 'topics', 'place']), text());
		} else if (x < 0.6 && notices.size) {
			notices.delete(pick([...notices.keys()]));
		} else if (x < 0.68) {
			const inbox = doc.getMap<unknown>('inbox');
			const id = inbox.size && r() < 0.5 ? pick([...inbox.keys()]) : `r${step}`;
			inbox.set(id, { id, content: text(), place: '', name: NAME, phone: PHONE, reason: text() });
		} else if (x < 0.72) {
			doc.transact(() => {
				const e = entries.size ? pick([...entries.values()]) : null;
				e?.set('content', text());
				e?.set('content', text());
				e?.set('reporterName', NAME);
			});
		} else if (x < 0.8) {
			// A writer goes offline or comes back with what it did.
			if (w.online) w.online = false;
			else {
				w.online = true;
				for (const u of w.outbox.splice(0)) toServer(u);
				Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(w.doc)), 'remote');
			}
		} else if (x < 0.88) {
			flush();
		} else if (x < 0.94) {
			// A reader joins (fresh, or with the copy it kept), answered from the kept masked copy.
			const kept = readers.length && r() < 0.5 ? readers.splice(Math.floor(r() * readers.length), 1)[0] : new Y.Doc();
			copy ??= (() => {
				const c = new Y.Doc();
				Y.applyUpdate(c, maskedState(server, mask));
				return c;
			})();
			Y.applyUpdate(kept, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(kept)));
			readers.push(kept);
		} else if (x < 0.97 && readers.length) {
			// A reader leaves (kept for later): the last one takes the copy with it.
			const gone = readers.splice(Math.floor(r() * readers.length), 1)[0];
			if (!readers.length) {
				flush();
				copy = null;
			}
			void gone;
		}
	}
	for (const w of writers) if (!w.online) for (const u of w.outbox.splice(0)) toServer(u);
	flush();
	return { server, readers, copy };
}

describe('masked copies under random board edits', () => {
	for (let seed = 1; seed <= 200; seed++) {
		it(`seed ${seed}`, () => {
			const { server, readers, copy } = run(seed);
			const expected = mask(JSON.stringify(server.toJSON())).replace(/"reporterName":"某某"/g, '"reporterName":"某某"');
			for (const doc of copy ? [...readers, copy] : readers) {
				expect(doc.store.pendingStructs, 'pending structs').toBeNull();
				expect(doc.store.pendingDs, 'pending deletes').toBeNull();
				expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(server));
				const json = JSON.stringify(doc.toJSON());
				expect(json.includes(NAME) || json.includes(PHONE), json).toBe(false);
				expect(json).toBe(expected);
			}
		});
	}
});
