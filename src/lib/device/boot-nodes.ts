// Elements of the page as plain data (tags, classes, text, own links), for the frame that
// src/boot-frame.js paints before the app's JavaScript has run (issue 11): the frame builds them
// again with createElement and textContent, never as HTML (boot-rows.ts, boot-entries.ts).
import type { BootNode } from './boot-frame';

/** Tags kept (src/boot-frame.js builds these and no others): anything else becomes a span. */
const TAGS = new Set(['a', 'span', 'strong', 'small', 'time', 'div', 'p', 'section', 'h2', 'ol', 'li', 'dl', 'dt', 'dd']);
/** Attributes kept: a link's own path, a hover title and a region's name, nothing else. */
const ATTRIBUTES = ['href', 'title', 'aria-label'] as const;

/** A path on this origin ("/station/…"), not another site's address. */
const isOwnPath = (href: string) => href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\');

/** One element as a BootNode; Svelte's scoping classes are left out (app.css styles what the frame paints). */
export function nodeOf(el: Element): BootNode {
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
