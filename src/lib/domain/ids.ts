// Ids are made on the device, offline, by people who never coordinate: they must be random
// enough never to collide across a district (10 chars of base32 = 50 bits per station).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export function newId(length = 10): string {
	const bytes = new Uint8Array(length);
	globalThis.crypto.getRandomValues(bytes);
	let id = '';
	for (const b of bytes) id += ALPHABET[b & 31];
	return id;
}

/** A short reference people can read out over the phone: the first six characters, upper case. */
export function shortRef(id: string): string {
	return id.slice(0, 6).toUpperCase();
}
