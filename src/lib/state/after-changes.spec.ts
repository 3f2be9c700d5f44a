import { describe, expect, it } from 'vitest';
import { AfterChanges } from './after-changes';

const microtasks = () => new Promise<void>((r) => queueMicrotask(r));
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** An AfterChanges whose work counts its runs. */
function counting() {
	const runs = { n: 0 };
	return { runs, after: new AfterChanges(() => runs.n++) };
}

describe('AfterChanges (issue 11: a peer’s edit is followed in a task of its own)', () => {
	it('runs once right after a burst of this device’s own transactions', async () => {
		const { runs, after } = counting();
		after.after(true);
		after.after(true);
		await microtasks();
		expect(runs.n).toBe(1);
	});

	it('runs once in a later task after transactions merged from elsewhere, not in the task that merged them', async () => {
		const { runs, after } = counting();
		after.after(false);
		after.after(false);
		await microtasks();
		await microtasks();
		expect(runs.n).toBe(0);
		await nextTask();
		expect(runs.n).toBe(1);
	});

	it('an edit here while a merged change waits runs at once all the same', async () => {
		const { runs, after } = counting();
		after.after(false);
		after.after(true);
		await microtasks();
		expect(runs.n).toBe(1);
		await nextTask();
		expect(runs.n).toBe(2); // the timer's run, which finds nothing new (the caller's run is idempotent)
	});
});
