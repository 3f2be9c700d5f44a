// The board benchmark's steps in the browser (bench/board.js): a page at a CPU slow-down, one
// interaction timed from its input event to the first frame after its effect, search keystrokes,
// a tap's figures (with the browser's Event Timing of the click), and the wait for one of the app's marks.

/** A new tab, CPU slowed `cpu` times (CDP), with its CDP session. */
export async function newPage(context, cpu) {
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
	return { page, cdp };
}

/** The time of the app's mark `name`, polled for a bounded while; `fallback` when the app sets none. */
export async function waitForMark(page, name, fallback, timeoutMs = 60_000) {
	const marked = () => page.evaluate((n) => performance.getEntriesByName(n, 'mark')[0]?.startTime ?? null, name);
	// The app marks yx:shell when it marks at all: without it, it is an app that sets no marks.
	if ((await page.evaluate(() => performance.getEntriesByName('yx:shell', 'mark').length)) === 0) return fallback;
	for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
		const t = await marked();
		if (t !== null) return Math.max(t, fallback);
	}
	return fallback;
}

/** One interaction: arm the waiter (bench/board-page.js), act, read the page's timestamps back. */
export async function interact(page, check, arg, action, timeout = 15_000) {
	await page.evaluate(([c, a, t]) => void (window.__pending = window.__bench.arm(c, a, t)), [check, arg, timeout]);
	await action();
	const r = await page.evaluate(() => window.__pending);
	if (!r.ok) return { ok: false, timedOut: true };
	// The input event's own timestamp when it fired after arming; otherwise the arming time.
	const t0 = r.input && r.input.t >= r.tArm ? r.input.t : r.tArm;
	return { ok: true, value: r.value, from: r.input && r.input.t >= r.tArm ? r.input.type : 'arm', at: t0, toDom: r.tDom - t0, toScreen: r.tPaint - t0 };
}

/** Each search key typed, then erased, in the ledger's search box: the count must change each time. */
export async function searchKeystrokes(page, keys) {
	await page.focus('#ledger-search');
	const search = [];
	const clear = [];
	for (const { ch } of keys) {
		const prev = await page.textContent('[data-testid=ledger-count]');
		search.push(await interact(page, 'countChange', prev, () => page.keyboard.insertText(ch)));
		const now = await page.textContent('[data-testid=ledger-count]');
		clear.push(await interact(page, 'countChange', now, () => page.keyboard.press('Backspace')));
	}
	return { search, clear };
}

/** The browser's Event Timing duration of the click at `t` (input to the next frame presented, 8 ms steps), or NaN. */
export async function clickTiming(page, t) {
	for (let i = 0; i < 10; i++, await new Promise((r) => setTimeout(r, 100))) {
		const d = await page.evaluate((at) => window.__bench.clicks.find((c) => Math.abs(c.t - at) < 1)?.duration ?? null, t);
		if (d !== null) return d;
	}
	return NaN;
}

/**
 * A tap's figures: to the entry on screen, the later of the frame that shows it (its layout done)
 * and the click's Event Timing (to the next frame presented: the same frame when the entry shows at
 * once, as the boot frame shows one it kept; earlier when the app shows it a frame or more later).
 */
export function tapFigures(shown, eventTiming, first) {
	const toFrame = shown.tPaint - shown.input.t;
	return { ok: true, toScreen: Math.max(toFrame, Number.isNaN(eventTiming) ? 0 : eventTiming), toFrame, eventTiming, posted: shown.tPosted - shown.input.t, clickAfterRow: shown.input.t - first.tPaint };
}
