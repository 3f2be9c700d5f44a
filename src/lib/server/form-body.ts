/**
 * A form POST's fields, read strictly. `Request.formData()` reads bytes that are not UTF-8 (raw,
 * or percent-encoded as `%FF`) as U+FFFD, so a garbled report would be stored with replacement
 * characters in it; here such a body is refused like a cut-off one, and nothing is stored.
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

/** `URLSearchParams` without its lenience: `decodeURIComponent` throws on bytes that are not UTF-8. */
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

const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
