/**
 * A form POST's fields, read strictly. `Request.formData()` reads bytes that are not UTF-8 (raw,
 * or percent-encoded as `%FF`) as U+FFFD, so a garbled report would be stored with replacement
 * characters in it; here such a body is refused like a cut-off one, and nothing is stored. Anything
 * else is read as `Request.formData()` reads it.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The form's fields, or null for a body that is cut off, malformed or not UTF-8. */
export async function strictFormData(request: Request): Promise<FormData | null> {
	let text: string;
	try {
		text = utf8.decode(await request.arrayBuffer());
	} catch {
		return null;
	}
	const type = request.headers.get('content-type') ?? '';
	if (/^application\/x-www-form-urlencoded\b/i.test(type)) return urlEncoded(text);
	try {
		return await new Request('http://form.invalid/', { method: 'POST', headers: { 'content-type': type }, body: text }).formData();
	} catch {
		return null;
	}
}

/**
 * The WHATWG urlencoded parser (what `URLSearchParams` does: `+` is a space, `%` not followed by two
 * hex digits stays as it is), except that the bytes a name or value decodes to must be UTF-8.
 */
function urlEncoded(text: string): FormData | null {
	const form = new FormData();
	for (const pair of text.split('&')) {
		if (!pair) continue;
		const at = pair.indexOf('=');
		const [name, value] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
		try {
			form.append(decode(name), decode(value));
		} catch {
			return null;
		}
	}
	return form;
}

const bytesOf = new TextEncoder();
/** A name or value as the parser reads it: a leading U+FEFF is kept (UTF-8 decode without BOM). */
const utf8Field = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** Percent-decoded, then read as UTF-8; throws on bytes that are not. */
function decode(part: string): string {
	const bytes = bytesOf.encode(part.replace(/\+/g, ' '));
	const out = new Uint8Array(bytes.length);
	let n = 0;
	for (let i = 0; i < bytes.length; i++) {
		if (bytes[i] === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
			out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
			i += 2;
		} else out[n++] = bytes[i];
	}
	return utf8Field.decode(out.subarray(0, n));
}
