// How fast this machine is, the day a bench runs: the same fixed work in the bench's own Chromium,
// at CPU ×1, so that figures from two days can be told apart from the machine's own speed. (On one
// machine of this project the same build's figures came out three times slower from one day to
// the next, with the load average no higher, and its unit tests took twice as long: the host, not the app.)

import { median } from './board-report.js';

const RUNS = 5;

/** A fixed page: the frame's kind of text (CJK and Latin, a few sizes and weights), laid out once. */
function fixedPage() {
	const sizes = [[18.4, 700], [16, 600], [16, 400], [14, 400], [14, 600]];
	const lines = Array.from({ length: 60 }, (_, i) => {
		const [size, weight] = sizes[i % sizes.length];
		return `<div style="font-size:${size}px;font-weight:${weight}">纺织厂宿舍8号楼独居老人申请临时救助 ${i} 办理中 2026-12-02</div>`;
	});
	const font = "system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',sans-serif";
	// Timed by the page itself, before anything else has laid it out.
	const timed = '<script>const t = performance.now(); void document.body.offsetHeight; window.__layoutMs = performance.now() - t;</script>';
	return `<!doctype html><meta charset="utf-8"><style>:root{font-family:${font}}</style><body>${lines.join('')}${timed}`;
}

/** A fixed piece of JavaScript of the app's kind: objects made, sorted, serialised and parsed. */
function jsWork() {
	const t = performance.now();
	const rows = [];
	for (let i = 0; i < 10000; i++) rows.push({ id: `e${(i * 7919) % 10000}`, content: `问题 ${i} 北门岗亭漏雨`, tier: 1 + (i % 4), at: i * 1000 });
	rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const back = JSON.parse(JSON.stringify(rows));
	let n = 0;
	for (const r of back) if (r.content.includes('9 北')) n++;
	return { ms: performance.now() - t, n };
}

/** { jsMs, layoutMs }: medians of RUNS, each in a fresh context (the layout includes setting up its fonts). */
export async function calibrate(browser) {
	const js = [];
	const layout = [];
	for (let i = 0; i < RUNS; i++) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.setContent(fixedPage());
		layout.push(await page.evaluate(() => window.__layoutMs));
		js.push((await page.evaluate(jsWork)).ms);
		await context.close();
	}
	return { jsMs: median(js), layoutMs: median(layout) };
}
