// The browser tests' ports (tests/e2e/ports.ts): the ports skipped are ones Node's fetch refuses,
// and no spec server or DevTools port is numbered onto one.
import { describe, expect, it } from 'vitest';
import { FETCH_BAD_PORTS, SPEC_PORTS, cdpPort, specPort, usablePort } from './e2e/ports';

/** Why Node's fetch failed to reach localhost at `port` (nothing listens there, or something does). */
async function fetchFailure(port: number): Promise<string> {
	try {
		await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
		return 'answered';
	} catch (error) {
		return String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
	}
}

describe('the browser tests’ ports', () => {
	it('skip only ports that fetch refuses', async () => {
		for (const port of FETCH_BAD_PORTS) expect(await fetchFailure(port), `port ${port}`).toBe('bad port');
	});

	it('number the spec servers and DevTools ports past every bad port', () => {
		expect(usablePort(4188, 0)).toBe(4188);
		expect(usablePort(4188, 1)).toBe(4189);
		expect(usablePort(4188, 2)).toBe(4191);
		expect(usablePort(6664, 1)).toBe(6670);
		const spec = Array.from({ length: SPEC_PORTS }, (_, i) => specPort(i));
		const cdp = Array.from({ length: 4 }, (_, i) => cdpPort(i));
		for (const port of [...spec, ...cdp]) expect(FETCH_BAD_PORTS.has(port), `port ${port}`).toBe(false);
		expect(new Set([...spec, ...cdp]).size).toBe(SPEC_PORTS + 4);
		expect(() => specPort(SPEC_PORTS)).toThrow();
	});
});
