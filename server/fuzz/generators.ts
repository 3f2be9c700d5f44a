// fast-check arbitraries for hostile input: strings with control characters and odd Unicode,
// dates and periods at the edges of the calendar, ids that exist and ids that do not, JSON of any
// shape, headers a careless or hostile client sends. Biased towards the edges, where defects live.
import fc from 'fast-check';

/** Control characters no text field should keep (tab, newline and carriage return aside). */
export const CONTROL_CHARS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f'];

/**
 * A forged log line and stack frame, sent in text fields. The server may store it and a later case
 * read it back (a CSV export, a list), so the leak check knows it (harness.ts, `leaksInternals`).
 */
export const FORGED_FRAME = '\nat Object.<anonymous> (/srv/app.js:1:1)';

const nasty = fc.constantFrom(
	...CONTROL_CHARS,
	'\n',
	'\r\n',
	'\t',
	'\u007f',
	'\u0085',
	'\u2028',
	'\u202e', // right-to-left override
	'\ufeff',
	'\ud800', // a lone surrogate
	'\u{1f600}',
	'%00',
	'%',
	'../',
	'<script>alert(1)</script>',
	"'; DROP TABLE people; --",
	'${process.exit()}',
	'__proto__',
	'constructor',
	' ',
	'　', // ideographic space
	'一线办',
	FORGED_FRAME
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 6 }).map((p) => p.join('')), weight: 6 },
	{ arbitrary: fc.constantFrom(0, 1, 20, 21, 60, 61, 100, 101, 120, 121, 500, 501, 1001, 2001, 20_001, 70_000).chain((n) => fc.constantFrom('字', 'a', ' ', '\u0000').map((c) => c.repeat(n))), weight: 2 },
	{ arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 }
);

const year = fc.oneof(fc.constantFrom('0000', '0001', '1969', '1970', '2024', '2025', '2026', '2100', '9998', '9999'), fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')));
const month = fc.oneof(fc.constantFrom('01', '02', '12', '00', '13'), fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0')));
const dayOfMonth = fc.oneof(fc.constantFrom('01', '28', '29', '30', '31', '00', '32'), fc.integer({ min: 1, max: 31 }).map((d) => String(d).padStart(2, '0')));

/** A day as the API takes it (YYYY-MM-DD), mostly well-formed, often at the calendar's edges. */
export const isoDay: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.constantFrom('9999-12-31', '9999-12-01', '9999-01-01', '0000-01-01', '0001-01-01', '1970-01-01', '2024-02-29', '2025-02-29', '2025-06-30', '2025-01-01'), weight: 3 },
	{ arbitrary: fc.tuple(year, month, dayOfMonth).map(([y, m, d]) => `${y}-${m}-${d}`), weight: 4 },
	{ arbitrary: fc.constantFrom('10000-01-01', '-0001-01-01', '2025-1-1', '2025-01-01T00:00:00Z', '20250101', ''), weight: 1 },
	{ arbitrary: hostileString, weight: 1 }
);
export const isoMonth: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.constantFrom('9999-12', '0000-01', '0000-00', '2025-13', '2025-06'), weight: 2 },
	{ arbitrary: fc.tuple(year, month).map(([y, m]) => `${y}-${m}`), weight: 3 },
	{ arbitrary: hostileString, weight: 1 }
);
export const halfYear: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.constantFrom('0000-H1', '0000-H2', '9999-H2', '9999-H1', '2025-H1', '2025-H3', '2025-h1'), weight: 6 },
	{ arbitrary: fc.tuple(year, fc.constantFrom('H1', 'H2')).map(([y, h]) => `${y}-${h}`), weight: 3 },
	{ arbitrary: hostileString, weight: 1 }
);

/**
 * A period (from, to) as the statistics take it: two days drawn apart, or a whole year at the
 * calendar's edges (the last month of year 9999 once looped forever).
 */
export const period: fc.Arbitrary<{ from: string; to: string }> = fc.oneof(
	{ arbitrary: fc.record({ from: isoDay, to: isoDay }), weight: 3 },
	{
		arbitrary: fc
			.tuple(fc.constantFrom('9999', '9999', '0000', '0001', '1970', '2025'), fc.integer({ min: 1, max: 12 }).map((m) => String(m).padStart(2, '0')), fc.constantFrom('01', '28', '31'))
			.map(([y, m, d]) => ({ from: `${y}-${m}-01`, to: `${y}-12-${d}` })),
		weight: 2
	}
);

/** An id the server did not make: the shape of ours, or not. */
export const randomId: fc.Arbitrary<string> = fc.oneof(
	fc.stringMatching(/^[0-9a-z]{6,32}$/),
	fc.stringMatching(/^[0-9a-z]{1,40}$/),
	fc.constantFrom('0', 'undefined', 'null', '000000', 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz')
);

/** Known ids (most of the time: deep paths are only reached through them) or made-up ones. */
export const idFrom = (known: string[]): fc.Arbitrary<string> =>
	known.filter(Boolean).length ? fc.oneof({ arbitrary: fc.constantFrom(...known.filter(Boolean)), weight: 4 }, { arbitrary: randomId, weight: 1 }) : randomId;

/** Any JSON value, and numbers and strings a validator should refuse. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: hostileString, weight: 4 },
	{ arbitrary: isoDay, weight: 1 },
	{ arbitrary: fc.constantFrom(0, -1, 1, 0.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e-308, true, false, null, [], {}), weight: 2 },
	{ arbitrary: fc.integer(), weight: 1 },
	{ arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
	{ arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 }
);

/** A valid body of a route, then some of its fields broken, dropped or joined by strangers. */
export function mutatedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
	const keys = Object.keys(valid);
	const fieldwise = fc
		.record({
			changes: fc.array(fc.tuple(fc.constantFrom(...(keys.length ? keys : ['x'])), fc.oneof({ arbitrary: hostileValue, weight: 5 }, { arbitrary: fc.constant(undefined), weight: 1 })), { maxLength: Math.max(1, keys.length) }),
			extra: fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'id', 'role', 'disabled', 'personId')), hostileValue, { maxKeys: 2 })
		})
		.map(({ changes, extra }) => {
			const body: Record<string, unknown> = { ...valid };
			for (const [key, value] of changes) {
				if (value === undefined) delete body[key];
				else body[key] = value;
			}
			for (const [key, value] of Object.entries(extra)) Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
			return body;
		});
	return fc.oneof(
		{ arbitrary: fc.constant(valid), weight: 2 },
		{ arbitrary: fieldwise, weight: 8 },
		{ arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
		{ arbitrary: fc.constantFrom(null, [], 0, '', 'null', true), weight: 1 }
	);
}

/** A request body on the wire: JSON of a (mutated) object, or bytes no JSON parser accepts. */
export function bodyText(valid: Record<string, unknown> | null): fc.Arbitrary<string | undefined> {
	const json = (valid ? mutatedBody(valid) : fc.jsonValue({ maxDepth: 2 })).map((v) => JSON.stringify(v));
	return fc.oneof(
		{ arbitrary: json, weight: 12 },
		{ arbitrary: fc.constant(undefined), weight: 1 },
		{
			arbitrary: fc.constantFrom(
				'',
				'{',
				'{"a":',
				'[1,2',
				'\u0000',
				'{"name":"\\ud800"}',
				'{"__proto__":{"role":"office"}}',
				'[' .repeat(20_000),
				'{"a":"' + 'x'.repeat(70_000) + '"}',
				'--x\r\nContent-Disposition: form-data; name="name"\r\n\r\n一线\r\n--x--'
			),
			weight: 2
		},
		{ arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 1 }
	);
}

/** HS256 tokens signed with another key, "alg: none" tokens, truncated and flipped tokens. */
export function forgedTokens(real: string, personId: string): string[] {
	const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const claims = { sub: personId, name: 'x', aud: 'yixian', iat: 1_700_000_000, exp: 4_000_000_000 };
	const [h, p, s] = real.split('.');
	return [
		`${b64({ alg: 'none' })}.${b64(claims)}.`,
		`${b64({ alg: 'HS256' })}.${b64(claims)}.${s}`,
		`${h}.${p}.${s.slice(0, 5)}${s[5] === 'A' ? 'Q' : 'A'}${s.slice(6)}`, // one signature byte changed (not the last character: its low bits are padding)
		real.slice(0, real.length - 10),
		`${h}.${b64({ ...claims, exp: 1 })}.${s}`,
		`${h}..${s}`,
		'a.b.c',
		'.'.repeat(3)
	];
}

export const authorization = (token: string, forged: string[]): fc.Arbitrary<string | undefined> =>
	fc.oneof(
		{ arbitrary: fc.constant(`Bearer ${token}`), weight: 12 },
		{ arbitrary: fc.constantFrom(...forged).map((t) => `Bearer ${t}`), weight: 2 },
		{ arbitrary: fc.constantFrom('Bearer', 'Bearer ', `bearer ${token}`, `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${token} ${token}`), weight: 1 },
		{ arbitrary: hostileString.map((s) => `Bearer ${s}`), weight: 1 }
	);

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
	{ arbitrary: fc.constant('application/json'), weight: 12 },
	{
		arbitrary: fc.constantFrom(
			'application/json; charset=utf-8',
			'application/json; charset=latin1',
			'application/jsonx',
			'text/plain',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'multipart/form-data',
			undefined
		),
		weight: 3
	},
	{ arbitrary: hostileString, weight: 1 }
);

/** Headers beside the ones the API reads: proxies' forwarding headers, cookies, odd encodings. */
export const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
	fc.constantFrom('x-forwarded-for', 'x-real-ip', 'forwarded', 'cookie', 'origin', 'referer', 'accept', 'accept-language', 'accept-encoding', 'user-agent', 'x-http-method-override', 'if-none-match', 'range'),
	fc.oneof(hostileString, fc.constantFrom('1.2.3.4, 127.0.0.1', '::1', 'for=unknown', 'gzip, br', 'bytes=0-1', '100-continue', 'DELETE', '*/*')),
	{ maxKeys: 3 }
);

/** Each parameter there most of the time (the deep paths need all of them at once), sometimes left out. */
export const params = (arbs: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Record<string, string | undefined>> =>
	fc.record(Object.fromEntries(Object.entries(arbs).map(([k, a]) => [k, fc.option(a, { freq: 6, nil: undefined })])));

/** A query string: known parameters with edge values, strangers, and broken encodings. */
export function queryString(known: fc.Arbitrary<Record<string, string | undefined>>): fc.Arbitrary<string> {
	const strangers = fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 2 });
	// Appended after the last parameter: each starts a parameter of its own, the value before it stays intact.
	const raw = fc.constantFrom('', '', '', '', '&', '&%', '&%zz', '&=&=', '&from&to', '&scope=&scope=district');
	return fc.tuple(known, strangers, raw).map(([k, s, r]) => {
		const q = new URLSearchParams();
		for (const [key, value] of Object.entries(k)) if (value !== undefined) q.append(key, value);
		for (const [key, value] of Object.entries(s)) q.append(key, value);
		const text = q.toString() + r;
		return text ? `?${text}` : '';
	});
}

/** Strings under a validator's eye: a control character put into an otherwise valid text. */
export const withControlChar = (valid: string): fc.Arbitrary<string> =>
	fc.tuple(fc.constantFrom(...CONTROL_CHARS), fc.nat({ max: valid.length })).map(([c, at]) => valid.slice(0, at) + c + valid.slice(at));

/** Percent-encoding; a lone surrogate has none, so its UTF-8 bytes go (invalid, as a hostile client sends them). */
export function encodePart(s: string): string {
	try {
		return encodeURIComponent(s);
	} catch {
		return '%ED%A0%80';
	}
}
