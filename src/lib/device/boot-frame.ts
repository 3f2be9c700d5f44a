// What src/boot-frame.js needs to paint a station's frame before the app's JavaScript has run
// (issue 11), kept in localStorage (synchronous, so an inline script can read it during parsing):
// - bars: the app bar's title and back link at a station's tab pages (the station's name or the
//   tab's: never a resident's data; entries and visits are not tab pages);
// - tabs: each station's tab labels and addresses.
// A station's entries are forgotten with it (unloadStation); a wrong or stale record costs only a
// frame that the app replaces as soon as it mounts.

const KEY = 'yixian:boot';

/** A station's tab pages: only these get a frame (their titles hold no resident's data). */
const TAB_PAGE = /^\/station\/([^/]+)(?:\/(?:visits|ideas|notices|inbox|settings))?$/;

interface BootRecord {
	v: 1;
	bars: Record<string, { title: string; back?: string; backLabel?: string }>;
	tabs: Record<string, { label: string; items: [string, string][] }>;
}

function read(): BootRecord {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as BootRecord | null;
		if (saved?.v === 1) return { v: 1, bars: saved.bars ?? {}, tabs: saved.tabs ?? {} };
	} catch {
		/* unreadable: start afresh */
	}
	return { v: 1, bars: {}, tabs: {} };
}

function update(change: (record: BootRecord) => void): void {
	if (typeof localStorage === 'undefined') return;
	try {
		const record = read();
		const before = JSON.stringify(record);
		change(record);
		const after = JSON.stringify(record);
		if (after !== before) localStorage.setItem(KEY, after);
	} catch (err) {
		// A cache for speed (storage full, or disabled): the app works the same without it.
		console.warn('Keeping the boot frame failed', err);
	}
}

/** The app bar shown at `path`, kept when it is a station's tab page. */
export function rememberBar(path: string, title: string, back: string | undefined, backLabel: string): void {
	const at = path.replace(/(.)\/$/, '$1');
	if (!TAB_PAGE.test(at) || !title) return;
	update((r) => void (r.bars[at] = back ? { title, back, backLabel } : { title }));
}

/** A station's tabs as its layout shows them: [address, label] each. */
export function rememberTabs(station: string, label: string, items: [string, string][]): void {
	update((r) => void (r.tabs[station] = { label, items }));
}

/** A station gone from the device: its frame goes too. */
export function forgetFrame(station: string): void {
	update((r) => {
		delete r.tabs[station];
		for (const path of Object.keys(r.bars)) if (TAB_PAGE.exec(path)?.[1] === station) delete r.bars[path];
	});
}

/** The device erased: no frame of any station is painted again. */
export function forgetAllFrames(): void {
	if (typeof localStorage !== 'undefined') localStorage.removeItem(KEY);
}

/** The app has mounted: the frame painted before it goes. */
export function dropBootFrame(): void {
	if (typeof document !== 'undefined') document.getElementById('boot-frame')?.remove();
}
