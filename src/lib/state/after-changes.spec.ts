import { describe, expect, it } from 'vitest';
import { AfterChanges } from './after-changes';

const microtasks = () => new Promise<void>((r) => queueMicrotask(r));
const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

describe('AfterChanges (issue 11: a peer’s edit is followed in a task of its own)', () => {
	it('runs once right after a burst of this device’s own transactions', async () => {
		let runs = 0;
		const after = new AfterChanges(() => runs++);
		after.after(true);
		after.after(true);
		await microtasks();
		expect(runs).toBe(1);
	});

	it('runs once in a later task after transactions merged from elsewhere, not in the task that merged them', async () => {
		let runs = 0;
		const after = new AfterChanges(() => runs++);
		after.after(false);
		after.after(false);
		await microtasks();
		await microtasks();
		expect(runs).toBe(0);
		await nextTask();
		expect(runs).toBe(1);
	});

	it('an edit here while a merged change waits runs at once all the same', async () => {
		let runs = 0;
		const after = new AfterChanges(() => runs++);
		after.after(false);
		after.after(true);
		await microtasks();
		expect(runs).toBe(1);
		await nextTask();
		expect(runs).toBe(2); // the timer's run, which finds nothing new (the caller's run is idempotent)
	});
});
