import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exactArrays, FROM } from './yjs-exact-arrays';

const require = createRequire(import.meta.url);
const yjsFile = join(dirname(require.resolve('yjs')), 'yjs.mjs');
// Beside the real one, so that its own imports (lib0) resolve as they do in the build.
const patched = join(dirname(yjsFile), 'yjs.exact-arrays-test.mjs');
afterAll(() => rmSync(patched, { force: true }));

describe('yjs with exactly sized value arrays (issue 11)', () => {
	it('finds readContentAny in the installed yjs exactly once, and the build would fail without it', () => {
		const source = readFileSync(yjsFile, 'utf8');
		expect(source.split(FROM).length).toBe(2);
		expect(exactArrays(source)).not.toContain(FROM);
		expect(() => exactArrays(source.replace(FROM, ''))).toThrow(/yjs upgraded/);
	});

	it('decodes the same document as yjs itself', async () => {
		mkdirSync(dirname(patched), { recursive: true });
		writeFileSync(patched, exactArrays(readFileSync(yjsFile, 'utf8')));
		const P = (await import(pathToFileURL(patched).href)) as typeof Y;
		const doc = new Y.Doc();
		const entries = doc.getMap<Y.Map<unknown>>('entries');
		for (let i = 0; i < 50; i++) {
			const entry = new Y.Map<unknown>();
			entries.set(`e${i}`, entry);
			entry.set('content', `问题 ${i}`);
			entry.set('tier', (i % 4) + 1);
			const timeline = new Y.Array<unknown>();
			entry.set('timeline', timeline);
			timeline.push([{ at: i, kind: 'note', text: '进展' }, null, [1, 'two', { three: 3 }]]);
		}
		const update = Y.encodeStateAsUpdate(doc);
		const copy = new P.Doc();
		P.applyUpdate(copy, update);
		expect(copy.getMap('entries').toJSON()).toEqual(entries.toJSON());
		expect(P.encodeStateAsUpdate(copy)).toEqual(update);
	});
});
