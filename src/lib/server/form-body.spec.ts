import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strictFormData } from './form-body';

const post = (body: BodyInit, type: string) =>
	new Request('http://localhost/p/x?/report', { method: 'POST', headers: { 'content-type': type }, body });
const URLENCODED = 'application/x-www-form-urlencoded';

describe('strictFormData', () => {
	it('reads a browser form as URLSearchParams would', async () => {
		const form = await strictFormData(post('content=%E8%B7%AF%E7%81%AF+%E4%B8%8D%E4%BA%AE&place=&phone=138%2B1&flag', URLENCODED));
		expect(form?.get('content')).toBe('路灯 不亮');
		expect(form?.get('place')).toBe('');
		expect(form?.get('phone')).toBe('138+1');
		expect(form?.get('flag')).toBe('');
	});

	it('keeps a U+FFFD the resident really sent, encoded as UTF-8', async () => {
		expect((await strictFormData(post('content=%EF%BF%BD', URLENCODED)))?.get('content')).toBe('\uFFFD');
	});

	it('refuses percent-encoded bytes that are not UTF-8 (URLSearchParams reads them as U+FFFD)', async () => {
		expect(new URLSearchParams('content=%E8%B7%AF%FF').get('content')).toBe('路\uFFFD');
		expect(await strictFormData(post('content=%E8%B7%AF%FF', URLENCODED))).toBeNull();
		expect(await strictFormData(post('content=%E8%B7', URLENCODED))).toBeNull();
		expect(await strictFormData(post('%FF=x', URLENCODED))).toBeNull();
	});

	it('reads any form a browser encodes exactly as Request.formData() does', async () => {
		const text = fc.string({ unit: 'grapheme', maxLength: 12 });
		await fc.assert(
			fc.asyncProperty(fc.array(fc.tuple(text, text), { maxLength: 5 }), async (pairs) => {
				const body = new URLSearchParams(pairs).toString();
				const ours = await strictFormData(post(body, URLENCODED));
				const theirs = await post(body, URLENCODED).formData();
				expect([...(ours?.entries() ?? [])]).toEqual([...theirs.entries()]);
			}),
			{ numRuns: 300 }
		);
	});

	it('keeps a % that starts no escape and a leading U+FEFF, as URLSearchParams does (curl -d sends them so)', async () => {
		for (const body of ['content=%E7%94%B5%E8%B4%B9%E6%B6%A8%E4%BA%86100%', 'content=%ZZ+%4', 'content=50%25+off&x=%', 'content=%EF%BB%BF%E8%B7%AF']) {
			const form = await strictFormData(post(body, URLENCODED));
			expect([...(form?.entries() ?? [])], body).toEqual([...new URLSearchParams(body).entries()]);
		}
	});

	it('refuses raw bytes that are not UTF-8, in either encoding', async () => {
		const raw = new Uint8Array([...new TextEncoder().encode('content='), 0xff, 0xfe]);
		expect(await strictFormData(post(raw, URLENCODED))).toBeNull();
		const multipart = new Uint8Array([...new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="content"\r\n\r\n'), 0xc3, 0x28, ...new TextEncoder().encode('\r\n--b--\r\n')]);
		expect(await strictFormData(post(multipart, 'multipart/form-data; boundary=b'))).toBeNull();
	});

	it('reads a multipart form, and refuses one cut off', async () => {
		const body = '--b\r\nContent-Disposition: form-data; name="content"\r\n\r\n楼道灯\r\n--b--\r\n';
		expect((await strictFormData(post(body, 'multipart/form-data; boundary=b')))?.get('content')).toBe('楼道灯');
		expect(await strictFormData(post('--b\r\nContent-Disposition: form-data; name="content"\r\n\r\n半截', 'multipart/form-data; boundary=b'))).toBeNull();
	});
});
