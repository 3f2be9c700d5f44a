// Text written by the team (a problem, what was done) is shown on public pages without the
// resident's name. As a safety net, the names and numbers the team knows (the station's contacts
// document) are masked, and so is anything that looks like a phone or ID number (an ID number may
// end in X). Applied wherever text leaves the team: public pages, the bulletin, the exports of
// those who get no reporters (docs/data-model.md, "Redaction"). House numbers are kept: they say
// where a problem is, and the public page never shows the entry's place field.
const LONG_NUMBER = /\d{17}[\dXx]|\+?\d[\d -]{5,}\d/g;

export function redact(text: string, personal: readonly string[]): string {
	let out = text.replace(LONG_NUMBER, '***');
	for (const value of personal) {
		const v = value.trim();
		if (v.length >= 2) out = out.split(v).join(/^[\d\s+-]+$/.test(v) ? '***' : '某某');
	}
	return out;
}
