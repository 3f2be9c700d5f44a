// Anything a client sent (document names, ids, paths, messages, error texts that quote them) goes
// into the log through this: quoted and escaped, so it can never start a line of its own, move the
// cursor, or turn text around (bidirectional overrides), and a huge value is cut.

// JSON.stringify escapes C0 controls, quotes, backslashes and lone surrogates; these it leaves.
const MORE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function logSafe(value: unknown, max = 500): string {
	const text = typeof value === 'string' ? value : value instanceof Error ? (value.stack ?? value.message) : String(value);
	const cut = text.length > max ? text.slice(0, max) : text;
	const quoted = JSON.stringify(cut).replace(MORE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return text.length > max ? `${quoted}…(${text.length} chars)` : quoted;
}

/**
 * A request's address for the log: its path alone (a query may carry a resident's report
 * reference), with a rating link's token (`/rate/<token>`, which lets its holder rate) left out.
 */
export function logPath(url: string | undefined): string {
	const path = (url ?? '').split(/[?#]/)[0];
	return logSafe(path.replace(/^\/rate\/[^/]+/, '/rate/…'));
}
