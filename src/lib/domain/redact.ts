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
const LONG_NUMBER = /\d{17}[\dXx]|\+?\d[\d -]{5,}\d/g;
const NUMBERISH = /^[\d\s+-]+$/;

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
			const v = value.trim();
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
	const numbersOut = text.replace(LONG_NUMBER, '***');
	const { byLength, lengths } = known(personal);
	if (!lengths.length) return numbersOut;
	let out = '';
	for (let i = 0; i < numbersOut.length; ) {
		const length = lengths.find((n) => i + n <= numbersOut.length && byLength.get(n)!.has(numbersOut.slice(i, i + n)));
		if (length === undefined) {
			out += numbersOut[i++];
			continue;
		}
		out += NUMBERISH.test(numbersOut.slice(i, i + length)) ? '***' : '某某';
		i += length;
	}
	return out;
}
