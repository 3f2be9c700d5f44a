// An edit shown before the documents' worker has made it (issue 11): at once, with no flicker back
// to an older value the worker tells meanwhile, and undone when the worker refuses it.
import { describe, expect, it } from 'vitest';
import { MirrorMap } from './mirror';
import { ShownAhead } from './shown-ahead';

type State = { text: string };

/** A reply the test settles when it likes: the worker's answer to an edit. */
function reply() {
	let settle!: { resolve: () => void; reject: (e: Error) => void };
	const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
	return { done: () => done, ...settle };
}

function shown(watched = new Set(['e1'])) {
	const values = new MirrorMap<State | null>();
	values.apply([['e1', { text: '楼道灯不亮' }]], [], false);
	const ahead = new ShownAhead<State>(values, (key) => watched.has(key));
	/** What the worker tells of a key, as docs-client.ts passes it on: shown unless held. */
	const tell = (key: string, value: State | null) => void (ahead.hold(key, value) || values.apply([[key, value]], [], true));
	return { values, ahead, tell, watched };
}

describe('ShownAhead', () => {
	it("shows the edit's value at once, holds what the worker tells until the reply, then shows the worker's", async () => {
		const { values, ahead, tell } = shown();
		const r = reply();
		const edit = ahead.show('e1', { text: '已报修' }, r.done);
		expect(values.get('e1')).toEqual({ text: '已报修' });
		// A change the worker made before this edit (a peer's), told while the edit is on its way: no flicker back.
		tell('e1', { text: '楼道灯不亮（王芳补充）' });
		expect(values.get('e1')).toEqual({ text: '已报修' });
		// The edit's own result, then its reply.
		tell('e1', { text: '已报修（王芳补充）' });
		r.resolve();
		await edit;
		expect(values.get('e1')).toEqual({ text: '已报修（王芳补充）' });
		// Nothing held any more: the next change shows at once.
		tell('e1', { text: '已修好' });
		expect(values.get('e1')).toEqual({ text: '已修好' });
	});

	it('shows the value as it was when the worker refuses the edit', async () => {
		const { values, ahead } = shown();
		const r = reply();
		const edit = ahead.show('e1', { text: '已报修' }, r.done);
		r.reject(new Error('document closed'));
		await expect(edit).rejects.toThrow('document closed');
		expect(values.get('e1')).toEqual({ text: '楼道灯不亮' });
	});

	it('holds until the last of two quick edits has its reply', async () => {
		const { values, ahead, tell } = shown();
		const first = reply();
		const second = reply();
		const a = ahead.show('e1', { text: '一' }, first.done);
		const b = ahead.show('e1', { text: '一二' }, second.done);
		tell('e1', { text: '一' });
		first.resolve();
		await a;
		expect(values.get('e1')).toEqual({ text: '一二' });
		tell('e1', { text: '一二' });
		second.resolve();
		await b;
		expect(values.get('e1')).toEqual({ text: '一二' });
	});

	it('leaves a key no view watches any more alone, and other keys are never held', async () => {
		const { values, ahead, tell, watched } = shown(new Set(['e1', 'e2']));
		const r = reply();
		const edit = ahead.show('e1', { text: '已报修' }, r.done);
		tell('e2', { text: '别的问题' });
		expect(values.get('e2')).toEqual({ text: '别的问题' });
		watched.delete('e1');
		values.apply([], ['e1'], false); // as docs-client.ts lets go of it
		r.resolve();
		await edit;
		expect(values.get('e1')).toBeUndefined();
	});
});
