import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressResolver, parseTrustedProxies } from './client-address';

const req = (peer: string, xff?: string | string[]) => ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

describe('the client address behind trusted proxies', () => {
	const resolve = clientAddressResolver(parseTrustedProxies('127.0.0.1 10.0.0.0/8,::1'));

	it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
		expect(resolve(req('198.51.100.9', '1.2.3.4'))).toBe('198.51.100.9');
		expect(resolve(req('::ffff:198.51.100.9', '1.2.3.4'))).toBe('198.51.100.9');
	});

	it('takes the rightmost hop that is not a trusted proxy', () => {
		expect(resolve(req('127.0.0.1', '198.51.100.1'))).toBe('198.51.100.1');
		expect(resolve(req('::ffff:127.0.0.1', 'forged, 198.51.100.1, 10.2.3.4'))).toBe('198.51.100.1');
		expect(resolve(req('::1', ['203.0.113.1', '198.51.100.2']))).toBe('198.51.100.2');
		expect(resolve(req('127.0.0.1', '[2001:db8::7]:443'))).toBe('2001:db8::7');
		expect(resolve(req('127.0.0.1', '198.51.100.3:5123'))).toBe('198.51.100.3');
	});

	it('stops at garbage, counting the last hop it trusts', () => {
		expect(resolve(req('127.0.0.1', 'not-an-address'))).toBe('127.0.0.1');
		expect(resolve(req('127.0.0.1', 'nonsense, 10.9.9.9'))).toBe('10.9.9.9');
		expect(resolve(req('127.0.0.1'))).toBe('127.0.0.1');
	});

	it('trusts nobody by default', () => {
		expect(clientAddressResolver([])(req('127.0.0.1', '1.2.3.4'))).toBe('127.0.0.1');
	});

	it('refuses a setting that is not addresses or ranges', () => {
		expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/YIXIAN_TRUSTED_PROXIES/);
		expect(() => parseTrustedProxies('proxy.local')).toThrow(/proxy.local/);
		expect(parseTrustedProxies(' ')).toEqual([]);
	});
});
