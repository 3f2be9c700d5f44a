// What src/boot-frame.js needs to paint a station's frame before the app's JavaScript has run
// (issue 11), kept in localStorage (synchronous, so an inline script can read it during parsing):
// - bars: the app bar's title and back link at a station's tab pages (the station's name or the
//   tab's: never a resident's data; entries and visits are not tab pages);
// - tabs: each station's tab labels and addresses, with each tab page's app bar title (the frame
//   of a tab page the app has not shown yet, whose bar is not kept) and the back link's label;
// - rows: the ledger's top rows as the list last showed them (boot-rows.ts), where it showed them.
//   These hold what the device's projection of the ledger holds (yixian-projection), for the same
//   reader on the same device, and go with it: with the station (unloadStation), on erase. With
//   them, the entries those rows open as their page first shows them (boot-entries.ts: the row's
//   facts and timeline, no resident's contact), painted when a row is tapped before the app is there.
// A station's entries are forgotten with it (unloadStation); a wrong or stale record costs only a
// frame that the app replaces as soon as it mounts (or, with rows, as soon as its own rows show).

const KEY = 'yixian:boot';

/** A station's tab pages: only these get a frame (their titles hold no resident's data). */
export const TAB_PAGE = /^\/station\/([^/]+)(?:\/(?:visits|ideas|notices|inbox|settings))?$/;
/** A station's ledger: the one page whose frame has rows. */
const LEDGER_PAGE = /^\/station\/([^/]+)$/;

/** A node of a row as the boot frame builds it: [tag, classes, children, attributes]. */
export type BootNode = [string, string, (string | BootNode)[], Record<string, string>?];

/** The list's top rows at a ledger's address, and where on the screen the list was. */
export interface BootRows {
	top: number;
	left: number;
	right: number;
	height: number;
	rowHeight: number;
	items: BootNode[];
	/** The entries these rows open (keyed by the row's link), when the board had loaded. */
	entries?: BootEntries;
}

/** An entry's app bar title and its page's first content (EntryPreview's elements). */
export interface BootEntry {
	title: string;
	nodes: BootNode[];
	/** Its row as it was kept with it (JSON): kept again without the board, only while the row is the same. */
	row: string;
}

/** The entries of a ledger's kept rows, by link, and the label of their back link (to the ledger). */
export interface BootEntries {
	backLabel: string;
	items: Record<string, BootEntry>;
}

interface BootRecord {
	v: 1;
	bars: Record<string, { title: string; back?: string; backLabel?: string }>;
	tabs: Record<string, { label: string; items: StationTabItem[]; back?: string }>;
	rows: Record<string, BootRows>;
}

function read(): BootRecord {
	try {
		const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as BootRecord | null;
		if (saved?.v === 1) return { v: 1, bars: saved.bars ?? {}, tabs: saved.tabs ?? {}, rows: saved.rows ?? {} };
	} catch {
		/* unreadable: start afresh */
	}
	return { v: 1, bars: {}, tabs: {}, rows: {} };
}

/** Applies `change` to the kept record, and writes it if that changed it. */
function update(change: (record: BootRecord) => void): void {
	if (typeof localStorage === 'undefined') return;
	const changes = [...pending.splice(0), change];
	try {
		const record = read();
		const before = JSON.stringify(record);
		for (const one of changes) one(record);
		const after = JSON.stringify(record);
		if (after !== before) localStorage.setItem(KEY, after);
	} catch (err) {
		// A cache for speed (storage full, or disabled): the app works the same without it.
		console.warn('Keeping the boot frame failed', err);
	}
}

// What a page's mount keeps (its bar, its station's tabs) is written later, in one go: reading,
// comparing and writing the whole record took 15–17 ms of the app's start task at CPU ×4
// (bench:board, a source-mapped profile: the record holds the ledger's rows and their entries), a
// task that should be as short as can be. Written when the page is next idle, or as it is hidden
// or left (the app closed at once still keeps it), and before any other change, in order.
const pending: ((record: BootRecord) => void)[] = [];
let scheduled = false;
let watching = false;
function updateLater(change: (record: BootRecord) => void): void {
	if (typeof window === 'undefined') return update(change);
	pending.push(change);
	if (!watching) {
		watching = true;
		addEventListener('pagehide', flushFrameRecord);
		document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flushFrameRecord());
	}
	if (scheduled) return;
	scheduled = true;
	const idle = () => ((scheduled = false), flushFrameRecord());
	if (typeof requestIdleCallback === 'function') requestIdleCallback(idle, { timeout: 1000 });
	else setTimeout(idle, 0);
}

/** Writes what is waiting to be kept now (when the page is idle, hidden or left). */
function flushFrameRecord(): void {
	if (pending.length) update(() => {});
}

/** The app bar shown at `path`, kept when it is a station's tab page. */
export function rememberBar(path: string, title: string, back: string | undefined, backLabel: string): void {
	const at = path.replace(/(.)\/$/, '$1');
	if (!TAB_PAGE.test(at) || !title) return;
	updateLater((r) => void (r.bars[at] = back ? { title, back, backLabel } : { title }));
}

/** A tab as the station's layout shows it: [address, label, the page's app bar title]. */
export type StationTabItem = [string, string, string?];

/** A station's tabs as its layout shows them, and the label of a tab page's back link. */
export function rememberTabs(station: string, label: string, items: StationTabItem[], back?: string): void {
	updateLater((r) => void (r.tabs[station] = back ? { label, items, back } : { label, items }));
}

/** The ledger's top rows at `path` (a station's ledger), or none (an empty list). */
export function rememberRows(path: string, rows: BootRows | null): void {
	const at = path.replace(/(.)\/$/, '$1');
	if (!LEDGER_PAGE.test(at)) return;
	update((r) => {
		if (!rows?.items.length) return void delete r.rows[at];
		// Rows kept before the board has loaded: the entries kept with them earlier stay, each while its row is unchanged.
		const before = r.rows[at]?.entries;
		r.rows[at] = rows.entries || !before ? rows : { ...rows, entries: stillShown(before, rows.items) };
		if (!r.rows[at].entries) delete r.rows[at].entries;
	});
}

/** Of `entries`, those whose row is among `rows` as it was when they were kept; undefined: none. */
function stillShown(entries: BootEntries, rows: BootNode[]): BootEntries | undefined {
	const now = new Map(rows.map((row) => [row[3]?.href, JSON.stringify(row)]));
	const items = Object.fromEntries(Object.entries(entries.items).filter(([href, entry]) => now.get(href) === entry.row));
	return Object.keys(items).length ? { ...entries, items } : undefined;
}

const dropRows = (r: BootRecord, station: string) => {
	for (const path of Object.keys(r.rows)) if (LEDGER_PAGE.exec(path)?.[1] === station) delete r.rows[path];
};

/** A station's board gone from the device (its reader's right ended): its ledger's rows go too. */
export function forgetFrameRows(station: string): void {
	update((r) => dropRows(r, station));
}

/** A station gone from the device: its frame goes too. */
export function forgetFrame(station: string): void {
	update((r) => {
		delete r.tabs[station];
		for (const path of Object.keys(r.bars)) if (TAB_PAGE.exec(path)?.[1] === station) delete r.bars[path];
		dropRows(r, station);
	});
}

/** Signed out (the data stays on the device): no ledger's rows are painted before the app has loaded. */
export function forgetAllRows(): void {
	update((r) => void (r.rows = {}));
}

/** The device erased: no frame of any station is painted again. */
export function forgetAllFrames(): void {
	pending.length = 0;
	if (typeof localStorage !== 'undefined') localStorage.removeItem(KEY);
}

// Handing over from the frame to the app. A frame with rows stays over the app, once it has
// mounted, until the ledger shows its own rows (else the list would blink empty between the two);
// any other frame goes as the app mounts. A tap on the frame's links before the app can take it is
// kept (src/boot-frame.js) and done by the app's router as soon as it is there. A tap on a row whose
// entry was kept shows that entry at once (src/boot-frame.js): at its own address when the app's
// code had not begun yet (the app then starts there), else it stays until the router has opened it.

/** Opens `href` in the app (replacing the current history entry with `replace`). */
type Go = (href: string, replace: boolean) => unknown;
interface BootWindow {
	__yxBootTap?: string;
	__yxBootGo?: (href: string) => unknown;
	/** The ledger address the frame left for an entry it showed (history.pushState, before the app). */
	__yxBootLeft?: string;
}
const win = () => (typeof window === 'undefined' ? null : (window as unknown as BootWindow));
let claimed = false;

/** Longest a claimed frame stays: a ledger that cannot show its rows (its board failed to load) shows its own state. */
const CLAIM_MS = 10_000;

/** The ledger page, as it starts: it will take the frame's rows down when its own show. True: the frame is up, with rows. */
export function claimBootFrame(): boolean {
	claimed = typeof document !== 'undefined' && !!document.querySelector('#boot-frame[data-rows]');
	if (claimed) setTimeout(() => claimed && dropBootFrame(), CLAIM_MS);
	return claimed;
}

/** The ledger's own rows show: the frame's rows it claimed give way to them. */
export function releaseBootFrame(): void {
	if (claimed) dropBootFrame();
}

/** The app has mounted (the root layout): taps go to `go` from now on, and the frame goes unless claimed. */
export function handOverBootFrame(go: Go): void {
	const w = win();
	if (!w) return;
	// The app's page, kept out of layout while it mounted (src/boot-frame.js, app.css), shows at the
	// next frame: its first layout in that frame's own task, not forced inside the start task.
	const page = document.documentElement.classList;
	if (page.contains('yx-boot')) requestAnimationFrame(() => page.remove('yx-boot'));
	w.__yxBootGo = (href) => go(href, false);
	if (w.__yxBootLeft) reopenLeftEntries(go);
	const tapped = w.__yxBootTap;
	delete w.__yxBootTap;
	if (tapped && document.querySelector('#boot-frame.boot-entry')) {
		// The frame shows the tapped entry: it stays until the app does, and the app's page beneath
		// (the ledger still) is out of reach meanwhile, of a screen reader as of a tap.
		coverApp(true);
		void Promise.resolve(go(tapped, false)).finally(dropBootFrame);
		setTimeout(dropBootFrame, CLAIM_MS);
		return;
	}
	if (!claimed || tapped) dropBootFrame();
	// The app's own bar and tabs are there now: of the frame, only the rows stay, for the while.
	else document.querySelectorAll('#boot-frame > :not(.boot-rows)').forEach((el) => el.remove());
	if (tapped) go(tapped, false);
}

/**
 * The history entries the frame made or left before the router was there hold none of the router's
 * state: going back (or forward) to one, SvelteKit changes the address and nothing else. The app
 * opens that address itself then, in place of that entry.
 */
function reopenLeftEntries(go: Go): void {
	addEventListener('popstate', (e) => {
		if (e.state === null) go(location.pathname + location.search, true);
	});
}

/** The frame painted before the app goes (the app shows the page itself now). */
export function dropBootFrame(): void {
	claimed = false;
	if (typeof document === 'undefined') return;
	document.getElementById('boot-frame')?.remove();
	coverApp(false);
}

let covered = false;
/** The app's page (everything in the body but the frame) hidden under the frame, or shown again. */
function coverApp(cover: boolean): void {
	if (cover === covered) return;
	covered = cover;
	for (const el of document.body.children) {
		if (el.id === 'boot-frame' || !(el instanceof HTMLElement)) continue;
		el.inert = cover;
		if (cover) el.setAttribute('aria-hidden', 'true');
		else el.removeAttribute('aria-hidden');
	}
}
