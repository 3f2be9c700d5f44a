// The ledger's top rows as the list shows them, taken from the page (issue 11), for the frame that
// src/boot-frame.js paints at the next start before the app's JavaScript has run: real rows on the
// screen in the time it takes to parse the page, not after the app has loaded (most of a second on
// a mid-range phone). Taken from the DOM the app rendered, as plain data (tags, classes, text,
// links): the frame builds the same rows with createElement and textContent, never as HTML, so it
// needs no copy of the row's markup and cannot drift from it (app.css styles both).
import { rememberRows, type BootNode, type BootRows } from './boot-frame';

/** Tags a row may have: anything else becomes a span. */
const TAGS = new Set(['a', 'span', 'strong', 'small', 'time', 'div']);
/** Attributes kept: a link's own path and a hover title, nothing else. */
const ATTRIBUTES = ['href', 'title'] as const;

/** One element as a BootNode; Svelte's scoping classes are left out (app.css styles the rows). */
function nodeOf(el: Element): BootNode {
	const tag = el.tagName.toLowerCase();
	const classes = [...el.classList].filter((c) => !c.startsWith('svelte-')).join(' ');
	const children: (string | BootNode)[] = [];
	for (const child of el.childNodes) {
		if (child.nodeType === 3) {
			const text = child.textContent ?? '';
			if (text.trim()) children.push(text);
		} else if (child.nodeType === 1) children.push(nodeOf(child as Element));
	}
	const attributes: Record<string, string> = {};
	for (const name of ATTRIBUTES) {
		const value = el.getAttribute(name);
		if (value !== null && (name !== 'href' || isOwnPath(value))) attributes[name] = value;
	}
	return Object.keys(attributes).length ? [TAGS.has(tag) ? tag : 'span', classes, children, attributes] : [TAGS.has(tag) ? tag : 'span', classes, children];
}

/** A path on this origin ("/station/…"), not another site's address. */
const isOwnPath = (href: string) => href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');

/**
 * The rows in view at the top of `viewport` (the ledger's list, role=list), with where it is on the
 * screen; null when the list is scrolled (its top is not what the next start shows first).
 */
function snapshotRows(viewport: HTMLElement): BootRows | null {
	if (viewport.scrollTop !== 0) return null;
	const box = viewport.getBoundingClientRect();
	const items = [...viewport.querySelectorAll<HTMLElement>('[role=listitem]')]
		.map((row) => ({ row, top: row.offsetTop }))
		.filter(({ top }) => top < viewport.clientHeight)
		.sort((a, b) => a.top - b.top);
	if (!items[0]?.row.firstElementChild) return { top: 0, left: 0, right: 0, height: 0, rowHeight: 0, items: [] };
	return {
		top: Math.round(box.top + window.scrollY),
		left: Math.round(box.left),
		right: Math.round(document.documentElement.clientWidth - box.right),
		height: Math.round(viewport.clientHeight),
		rowHeight: items[0].row.offsetHeight,
		items: items.map(({ row }) => row.firstElementChild).filter((el): el is Element => !!el).map(nodeOf)
	};
}

/** Keeps the list's top rows for the next start at `path`, unless the list is scrolled. */
export function keepRows(path: string, viewport: HTMLElement | null | undefined): void {
	if (!viewport) return;
	const rows = snapshotRows(viewport);
	if (rows) rememberRows(path, rows);
}
