// Text written by the team (a problem, what was done) is shown on public pages without the
// resident's name. As a safety net, the names and numbers the ledger knows are masked, and so is
// anything that looks like a phone or ID number.
const LONG_NUMBER = /\+?\d[\d -]{5,}\d/g;

export function redact(text: string, personal: readonly string[]): string {
	let out = text.replace(LONG_NUMBER, '***');
	for (const value of personal) {
		const v = value.trim();
		if (v.length >= 2) out = out.split(v).join(/^[\d\s+-]+$/.test(v) ? '***' : '某某');
	}
	return out;
}
