// The ports the browser tests listen on. Each spec file's server gets the next port from E2E_PORT
// (playwright.config.ts), and a killable Chromium's DevTools port sits above them (killable.ts).
// Ports that fetch refuses are skipped: the WHATWG Fetch standard's "bad ports", which both Node's
// fetch and Chromium refuse to connect to ("bad port", ERR_UNSAFE_PORT), so a spec numbered onto one
// (4190 is in reach) would fail every request to its own server.

/** Fetch's bad ports (https://fetch.spec.whatwg.org/#bad-port) from 1024 up: below, none is used. */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
	1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080
]);

/** The first spec's server port. */
export const basePort = Number(process.env.E2E_PORT ?? 4173);

/** The `n`th (from 0) port at or above `from` that fetch does not refuse. */
export function usablePort(from: number, n: number): number {
	let port = from;
	for (let left = n; ; port++) {
		if (FETCH_BAD_PORTS.has(port)) continue;
		if (left-- === 0) return port;
	}
}

/** How many spec files can have a port of their own; the DevTools ports come after theirs. */
export const SPEC_PORTS = 40;

/** The server port of the spec file at `index` in the sorted list of spec files. */
export function specPort(index: number): number {
	if (index >= SPEC_PORTS) throw new Error(`spec file ${index + 1}: tests/e2e/ports.ts numbers ${SPEC_PORTS} at most`);
	return usablePort(basePort, index);
}

/** A killable Chromium's DevTools port, past every spec's server port. */
export const cdpPort = (offset: number): number => usablePort(basePort, SPEC_PORTS + offset);
