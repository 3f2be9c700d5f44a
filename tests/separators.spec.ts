// Svelte 5 drops the whitespace at the start of an element or a block, so `{a}{#if b} · {b}{/if}`
// and `{a}<span> · {b}</span>` render as "a· b": the separator sticks to the text before it (on the
// contact card, the sync badge, the visits and ideas lists…). A separator that opens an element or a
// block is written `{' · '}`, which keeps its spaces.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';

function svelteFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : []
	);
}

/** The places where a rendered "·" directly follows a tag or a block's start: its space before was dropped. */
function strippedSeparators(file: string): string[] {
	const { js } = compile(readFileSync(file, 'utf8'), { generate: 'server', filename: file });
	return [...js.code.matchAll(/(?:>|-->)· /g)].map((m) => js.code.slice(Math.max(0, m.index - 40), m.index + 12));
}

describe('a " · " separator in a view', () => {
	it('keeps the space before it, wherever it opens an element or a block', () => {
		const found = svelteFiles('src').flatMap((file) => strippedSeparators(file).map((at) => `${file}: …${at}…`));
		expect(found).toEqual([]);
	});
});
