// What a start keeps of the modules it loaded, for the next start at that kind of page
// (boot-modules.ts; the boot frame's script asks for them: tests/e2e/boot-modules.spec.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BOOT_MODULES_KEY, forgetBootModules, pageKind, rememberModules } from './boot-modules';
import { stubLocalStorage } from './local-storage-stub';

const store = stubLocalStorage();
const kept = () => JSON.parse(store.get(BOOT_MODULES_KEY) ?? 'null');
const ORIGIN = 'https://yixian.example';

/** This page load's fetches, as the browser's resource timing lists them. */
function loaded(...paths: string[]) {
	vi.stubGlobal('location', new URL(`${ORIGIN}/station/a1`));
	// Each one asked for a millisecond after the one before.
	vi.spyOn(performance, 'getEntriesByType').mockReturnValue(paths.map((p, i) => ({ name: p.startsWith('http') ? p : ORIGIN + p, startTime: i }) as PerformanceEntry));
}

afterEach(() => {
	vi.restoreAllMocks();
	vi.unstubAllGlobals();
});

describe('boot modules', () => {
	it('keys a station tab page by its kind, and no other page', () => {
		expect(pageKind('/station/a1')).toBe('/station/:id');
		expect(pageKind('/station/b2/visits/')).toBe('/station/:id/visits');
		expect(pageKind('/station/a1/entry/e1')).toBeNull();
		expect(pageKind('/office/people')).toBeNull();
	});

	it('keeps the app modules a start loaded, with its build\'s start module: not its workers, not other files, not another origin\'s', () => {
		loaded('/_app/immutable/entry/start.AAA.js', '/_app/immutable/chunks/shell.js', '/_app/immutable/nodes/5.x.js', '/_app/immutable/workers/rows-1.js', '/icons/favicon-64.png', '/api/me', 'https://elsewhere.example/_app/immutable/chunks/evil.js', '/_app/immutable/nodes/5.x.js');
		rememberModules('/station/a1');
		expect(kept()).toEqual({ start: '/_app/immutable/entry/start.AAA.js', pages: { '/station/:id': ['/_app/immutable/chunks/shell.js', '/_app/immutable/nodes/5.x.js'] }, rowsWorker: expect.stringMatching(/ledger-rows\.worker/) });
		rememberModules('/station/a1/entry/e1');
		expect(Object.keys(kept().pages)).toEqual(['/station/:id']);
	});

	it('keeps the largest first (the next start asks for them a few per task)', () => {
		vi.stubGlobal('location', new URL(`${ORIGIN}/station/a1`));
		const entry = (path: string, decodedBodySize: number, startTime: number) => ({ name: ORIGIN + path, decodedBodySize, startTime }) as PerformanceResourceTiming;
		vi.spyOn(performance, 'getEntriesByType').mockReturnValue([
			entry('/_app/immutable/entry/start.AAA.js', 900, 0),
			entry('/_app/immutable/nodes/5.x.js', 300, 1),
			entry('/_app/immutable/chunks/station.js', 111_000, 2),
			entry('/_app/immutable/chunks/ledger.js', 31_000, 3)
		]);
		rememberModules('/station/a1');
		expect(kept().pages['/station/:id']).toEqual(['/_app/immutable/chunks/station.js', '/_app/immutable/chunks/ledger.js', '/_app/immutable/nodes/5.x.js']);
	});

	it('keeps only what was asked for before the first view was complete (not what the app imports after it)', () => {
		loaded('/_app/immutable/entry/start.AAA.js', '/_app/immutable/nodes/5.x.js', '/_app/immutable/chunks/dexie.js');
		rememberModules('/station/a1', 2);
		expect(kept().pages['/station/:id']).toEqual(['/_app/immutable/nodes/5.x.js']);
	});

	it('keeps each kind of page beside the others of one build, and starts afresh with another build', () => {
		loaded('/_app/immutable/entry/start.AAA.js', '/_app/immutable/nodes/5.x.js');
		rememberModules('/station/a1');
		loaded('/_app/immutable/entry/start.AAA.js', '/_app/immutable/nodes/7.y.js');
		rememberModules('/station/b2/visits');
		expect(Object.keys(kept().pages).sort()).toEqual(['/station/:id', '/station/:id/visits']);
		loaded('/_app/immutable/entry/start.BBB.js', '/_app/immutable/nodes/7.z.js');
		rememberModules('/station/a1/visits');
		expect(kept()).toEqual({ start: '/_app/immutable/entry/start.BBB.js', pages: { '/station/:id/visits': ['/_app/immutable/nodes/7.z.js'] }, rowsWorker: expect.stringMatching(/ledger-rows\.worker/) });
	});

	it('keeps nothing without the start module, reads an unreadable record as none, and goes on erase', () => {
		loaded('/_app/immutable/nodes/5.x.js');
		rememberModules('/station/a1');
		expect(kept()).toBeNull();
		store.set(BOOT_MODULES_KEY, '{not json');
		loaded('/_app/immutable/entry/start.AAA.js', '/_app/immutable/nodes/5.x.js');
		rememberModules('/station/a1');
		expect(kept().pages['/station/:id']).toEqual(['/_app/immutable/nodes/5.x.js']);
		forgetBootModules();
		expect(kept()).toBeNull();
	});
});
