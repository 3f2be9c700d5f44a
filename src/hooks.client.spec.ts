import { afterEach, describe, expect, it } from 'vitest';
import { init } from './hooks.client';

type BootWindow = { __yxBootLate?: boolean };

describe("SvelteKit's client init hook", () => {
	afterEach(() => {
		delete (globalThis as { window?: unknown }).window;
	});

	it('leaves the frame’s taps to the router, then ends the task before the router starts (issue 11)', async () => {
		const window: BootWindow = {};
		(globalThis as { window?: unknown }).window = window;
		const order: string[] = [];
		setTimeout(() => order.push('a task'), 0);
		const started = init();
		expect(window.__yxBootLate).toBe(true);
		await started;
		order.push('router starts');
		expect(order).toEqual(['a task', 'router starts']);
	});
});
