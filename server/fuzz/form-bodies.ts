// Generated submissions of the public forms (the resident's report, the rater's page): url-encoded
// and multipart bodies, well-formed and broken (missing or wrong boundaries, truncated parts,
// bare LF, huge fields), under the content type they claim or another.
import fc from 'fast-check';
import { hostileString } from './generators';

export interface FormBody {
	kind: string;
	contentType?: string;
	body: Buffer;
}

const value = fc.oneof({ arbitrary: fc.constantFrom('楼道灯坏了', '3号楼', '王阿姨', '13800000000', 'satisfied', 'basically-satisfied', 'dissatisfied', ''), weight: 3 }, { arbitrary: hostileString, weight: 2 });

/** Field names of a form, with strangers and repeats. */
const fieldsOf = (names: string[]) =>
	fc.array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 6 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 1 }), value), { maxLength: names.length + 3 });

function multipart(boundary: string, fields: [string, string][], opts: { eol: string; close: boolean; file: boolean }): string {
	const { eol } = opts;
	let out = '';
	for (const [name, v] of fields) out += `--${boundary}${eol}Content-Disposition: form-data; name="${name}"${eol}${eol}${v}${eol}`;
	if (opts.file) out += `--${boundary}${eol}Content-Disposition: form-data; name="content"; filename="a.txt"${eol}Content-Type: text/plain${eol}${eol}file body${eol}`;
	if (opts.close) out += `--${boundary}--${eol}`;
	return out;
}

export function formBody(names: string[]): fc.Arbitrary<FormBody> {
	const fields = fieldsOf(names);
	const urlencoded = fc.tuple(fields, fc.constantFrom('', '&', '%zz', '=&=', '%E4%B8', '&content=%00')).map(([f, tail]): FormBody => {
		const q = new URLSearchParams();
		for (const [k, v] of f) q.append(k, v);
		return { kind: 'url-encoded', contentType: 'application/x-www-form-urlencoded', body: Buffer.from(q.toString() + tail) };
	});
	const multi = fc
		.record({
			fields,
			boundary: fc.constantFrom('----fuzz', 'x', 'a'.repeat(100), '"quoted"', ''),
			claimed: fc.constantFrom('same', 'other', 'none', 'empty'),
			eol: fc.constantFrom('\r\n', '\r\n', '\n'),
			close: fc.boolean(),
			file: fc.boolean(),
			cut: fc.option(fc.nat(), { freq: 3 })
		})
		.map(({ fields: f, boundary, claimed, eol, close, file, cut }): FormBody => {
			let text = multipart(boundary, f, { eol, close, file });
			if (cut !== null && text.length) text = text.slice(0, cut % text.length);
			const header = claimed === 'same' ? `multipart/form-data; boundary=${boundary}` : claimed === 'other' ? 'multipart/form-data; boundary=somethingelse' : claimed === 'none' ? 'multipart/form-data' : 'multipart/form-data; boundary=';
			return { kind: `multipart (boundary ${claimed}, ${JSON.stringify(eol)}, ${close ? 'closed' : 'unclosed'}${cut !== null ? ', truncated' : ''})`, contentType: header, body: Buffer.from(text) };
		});
	const other = fc.oneof(
		fc.jsonValue({ maxDepth: 2 }).map((v): FormBody => ({ kind: 'json', contentType: 'application/json', body: Buffer.from(JSON.stringify(v)) })),
		fc.uint8Array({ maxLength: 200 }).chain((b) => fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', undefined).map((contentType): FormBody => ({ kind: 'random bytes', contentType, body: Buffer.from(b) }))),
		fc.constant<FormBody>({ kind: 'empty', contentType: 'application/x-www-form-urlencoded', body: Buffer.alloc(0) }),
		fc.constantFrom(70_000, 2_000_001).map((n): FormBody => ({ kind: `huge field (${n})`, contentType: 'application/x-www-form-urlencoded', body: Buffer.from(`content=${'字'.repeat(n / 10)}&place=${'a'.repeat(n)}`) }))
	);
	return fc.oneof({ arbitrary: urlencoded, weight: 4 }, { arbitrary: multi, weight: 5 }, { arbitrary: other, weight: 2 });
}
