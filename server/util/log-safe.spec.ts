// Logs cannot be forged (issue 7): what a client sent is escaped when logged, so a document name
// or a path with a line break cannot start a line of its own in the server's log.
import { afterEach, describe, expect, it } from 'vitest';
import { rawSocket, startRelay, tempDataFile, type RunningRelay } from '../relay/test-kit';
import { logPath, logSafe } from './log-safe';

describe('logSafe', () => {
	it('quotes a value and escapes every control, line and direction character', () => {
		expect(logSafe('board:abc')).toBe('"board:abc"');
		expect(logSafe('a\nb\r\u0000\u001b[31m')).toBe('"a\\nb\\r\\u0000\\u001b[31m"');
		expect(logSafe('a\u0085b\u2028c\u202ed\u007f')).toBe('"a\\u0085b\\u2028c\\u202ed\\u007f"');
		expect(logSafe('say "hi" \\')).toBe('"say \\"hi\\" \\\\"');
		expect(logSafe('\ud800')).toBe('"\\ud800"');
		expect(logSafe('幸福社区')).toBe('"幸福社区"');
	});

	it('cuts a long value, saying how long it was', () => {
		expect(logSafe('x'.repeat(1000), 10)).toBe('"xxxxxxxxxx"…(1000 chars)');
	});

	it('logs an address without what only its holder may know: a rating link’s token, a query', () => {
		expect(logPath('/rate/Zk3xQ9_secret-token')).toBe('"/rate/…"');
		expect(logPath('/rate/Zk3xQ9/more')).toBe('"/rate/…/more"');
		expect(logPath('/p/S1/r?ref=AB12CD34')).toBe('"/p/S1/r"');
		expect(logPath('/station/S1#x')).toBe('"/station/S1"');
		expect(logPath('/a\nb?x')).toBe('"/a\\nb"');
		expect(logPath(undefined)).toBe('""');
	});
});

describe('the relay log', () => {
	let running: RunningRelay | undefined;
	let cleanup = () => {};
	afterEach(async () => {
		await running?.stop();
		cleanup();
	});

	it('logs a refused document name with a line break on one line', async () => {
		const lines: string[] = [];
		const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) };
		const data = tempDataFile();
		cleanup = data.cleanup;
		running = await startRelay({ dataFile: data.file, log });
		const { closed } = await rawSocket(running.url, encodeURIComponent('board:abcdef\n2026-11-30 relay: office signed in'));
		expect((await closed).code).toBe(4404);
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(line).not.toMatch(/[\n\r]/);
		expect(lines.join()).toContain('board:abcdef\\n2026-11-30');
	});
});
