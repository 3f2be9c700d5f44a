// The page's icon (src/app.html). Chromium downloads a page's icon into the page's own renderer and
// decodes it there, on the main thread, while the app starts: an SVG icon becomes a document of its
// own (parsed, styled, laid out and painted: 30–40 ms of main thread at CPU ×4 in the traces of
// bench:board, in the middle of a cold start), a small PNG is one image decode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync('src/app.html', 'utf8');
const icons = [...html.matchAll(/<link\s+rel="icon"[^>]*>/g)].map((m) => m[0]);
const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(file: string): [number, number] {
	const bytes = readFileSync(file);
	expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG');
	return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("the app's page icon", () => {
	it('is a small PNG that exists, of the size its link says', () => {
		expect(icons.length).toBeGreaterThan(0);
		for (const tag of icons) {
			expect(attr(tag, 'type'), tag).toBe('image/png');
			const file = `static${attr(tag, 'href')!.replace('%sveltekit.assets%', '')}`;
			const [width, height] = pngSize(file);
			expect(`${width}x${height}`, tag).toBe(attr(tag, 'sizes'));
			expect(width, tag).toBeLessThanOrEqual(64);
		}
	});
});
