// Text written by the team (a problem, what was done) is shown on public pages without the
// resident's name. As a safety net, the names and numbers the team knows (the station's contacts
// document and its visit log: server/documents/residents.ts) are masked, and so is anything that
// looks like a phone or ID number (an ID number may end in X). Applied wherever text leaves the
// team: public pages, the bulletin, the exports of those who get no reporters (docs/data-model.md,
// "Redaction"). House numbers are kept: they say where a problem is, and the public page never
// shows the entry's place field.
//
// A station's visit log may name thousands of households: a text is scanned once, looking up the
// known strings of each length at each place (longest first), rather than searched once per name.
//
// A Chinese input method in full-width mode types `１３９…`, `Ｘ`, `－` and the ideographic space:
// the text is looked at with those folded to their ASCII selves (each one UTF-16 unit either way, so
// a place in the folded text is the same place in the text), and what is kept is kept as typed.
// Digits may be set apart by spaces, dashes or dots (139 8765 4321, 139-8765-4321, 139.8765.4321).
const LONG_NUMBER = /\d{17}[\dXx]|\+?\d[\d .-]{5,}\d/g;
const NUMBERISH = /^[\d\s+.-]+$/;
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;

/** Full-width ASCII and the ideographic space as ASCII, one unit for one. */
const fold = (text: string) => text.replace(FULL_WIDTH, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));

interface Known {
	/** The strings to mask, by length. */
	byLength: Map<number, Set<string>>;
	/** Their lengths, longest first: a longer name is masked whole, not by a shorter one in it. */
	lengths: number[];
}

/** Each list made once per list (callers mask many texts with the same one). */
const made = new WeakMap<readonly string[], Known>();

function known(personal: readonly string[]): Known {
	let k = made.get(personal);
	if (!k) {
		const byLength = new Map<number, Set<string>>();
		for (const value of personal) {
			const v = fold(value).trim();
			// A single character is too common to mask.
			if (v.length < 2) continue;
			let same = byLength.get(v.length);
			if (!same) byLength.set(v.length, (same = new Set()));
			same.add(v);
		}
		k = { byLength, lengths: [...byLength.keys()].sort((a, b) => b - a) };
		made.set(personal, k);
	}
	return k;
}

export function redact(text: string, personal: readonly string[]): string {
	const folded = fold(text);
	const numbers = [...folded.matchAll(LONG_NUMBER)].map((m) => [m.index, m.index + m[0].length] as const);
	const { byLength, lengths } = known(personal);
	let out = '';
	let next = 0;
	for (let i = 0; i < folded.length; ) {
		if (next < numbers.length && numbers[next][0] === i) {
			out += '***';
			i = numbers[next++][1];
			continue;
		}
		// A known string is looked for up to the next number, as in the text with its numbers masked.
		const end = next < numbers.length ? numbers[next][0] : folded.length;
		const length = lengths.find((n) => i + n <= end && byLength.get(n)!.has(folded.slice(i, i + n)));
		if (length === undefined) {
			out += text[i++];
			continue;
		}
		out += NUMBERISH.test(folded.slice(i, i + length)) ? '***' : '某某';
		i += length;
	}
	return out;
}
