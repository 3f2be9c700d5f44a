// Who the client is, for every throttle (sign-in, the relay's connection and message limits, the
// public forms). Behind a reverse proxy every request comes from the proxy's address, so when the
// socket peer is a listed proxy (YIXIAN_TRUSTED_PROXIES) the client is read from X-Forwarded-For:
// the rightmost hop that is not itself a trusted proxy. Entries left of it were written by the
// client and prove nothing. From anyone else the header is ignored.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export type ClientAddress = (req: IncomingMessage) => string;

/**
 * The header the server sets on every request it hands to SvelteKit (adapter-node's
 * ADDRESS_HEADER), so the public pages' `getClientAddress()` is this same resolution. Whatever a
 * client sent under this name is overwritten.
 */
export const CLIENT_ADDRESS_HEADER = 'x-yixian-client-address';

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
function normalise(address: string): string {
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	return mapped ? mapped[1] : address;
}

/** One X-Forwarded-For entry as an address, or null: `[2001:db8::1]:443` and `192.0.2.1:5000` lose the port. */
function hop(entry: string): string | null {
	let e = entry.trim();
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
	if (bracketed) e = bracketed[1];
	else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(e)) e = e.slice(0, e.lastIndexOf(':'));
	e = normalise(e);
	return isIP(e) ? e : null;
}

/** Parses `YIXIAN_TRUSTED_PROXIES`: addresses and CIDR ranges, separated by commas or spaces. */
export function parseTrustedProxies(value: string | undefined): string[] {
	const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
	for (const entry of entries) {
		const [address, bits, extra] = entry.split('/');
		const version = isIP(address);
		const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
		if (!version || !okBits || extra !== undefined) throw new Error(`YIXIAN_TRUSTED_PROXIES: "${entry}" is not an address or a CIDR range`);
	}
	return entries;
}

export function clientAddressResolver(trustedProxies: string[]): ClientAddress {
	const trusted = new BlockList();
	for (const entry of trustedProxies) {
		const [address, bits] = entry.split('/');
		const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
		if (bits === undefined) trusted.addAddress(normalise(address), isIP(normalise(address)) === 6 ? 'ipv6' : 'ipv4');
		else trusted.addSubnet(address, Number(bits), type);
	}
	const isTrusted = (address: string) => trustedProxies.length > 0 && trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

	return (req) => {
		const peer = normalise(req.socket.remoteAddress ?? '');
		if (!isIP(peer) || !isTrusted(peer)) return peer;
		const header = req.headers['x-forwarded-for'];
		const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').filter((h) => h.trim());
		let client = peer;
		for (let i = hops.length - 1; i >= 0; i--) {
			const address = hop(hops[i]);
			// Garbage where the proxy should have written an address: count the last hop we trust.
			if (!address) break;
			client = address;
			if (!isTrusted(address)) break;
		}
		return client;
	};
}
