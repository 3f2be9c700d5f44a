// The board benchmark's code that runs inside the page (serialised by Playwright: each function
// must be self-contained). bench/board.js drives it.

/**
 * Runs in every page before the app: input timestamps, long tasks, the app's own
 * performance.mark()s, and waiters that resolve at the first frame after a DOM condition holds.
 */
export function pageInstrumentation({ total }) {
	const B = (window.__bench = { marks: {}, lastInput: null, longtasks: [] });
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, dur: e.duration });
		}).observe({ type: 'longtask', buffered: true });
	} catch {
		/* no longtask API */
	}
	for (const type of ['beforeinput', 'click']) window.addEventListener(type, (e) => (B.lastInput = { type, t: e.timeStamp }), true);
	// The browser's own timing of each click (Event Timing: from the input to the next frame presented).
	B.clicks = [];
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) if (e.name === 'click') B.clicks.push({ t: e.startTime, duration: e.duration });
		}).observe({ type: 'event', durationThreshold: 16, buffered: true });
	} catch {
		/* no Event Timing */
	}
	/** The app's own marks (performance.mark('yx:…')), first of each name, ms since navigation. */
	B.appMarks = () => {
		const out = {};
		for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('yx:') && !(m.name in out)) out[m.name] = m.startTime;
		return out;
	};
	const nums = (el) => (el?.textContent.match(/\d+/g) ?? []).map(Number);
	const firstRow = () => document.querySelector('[role=list] [role=listitem]');
	const shownRow = () => {
		const row = firstRow();
		return row && row.textContent.trim() !== '' && row.getBoundingClientRect().height > 0 ? row : null;
	};
	const checks = {
		// The app bar with a title: the station's frame is painted.
		shell: () => {
			const h1 = document.querySelector('header h1');
			return !!h1 && h1.textContent.trim() !== '';
		},
		// A real ledger row on screen (whatever the count says): where its link is, for a tap.
		firstRow: () => {
			const a = shownRow()?.querySelector('a');
			if (!a) return false;
			const r = a.getBoundingClientRect();
			return { x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 20), href: a.getAttribute('href') };
		},
		list: (want) => {
			const [shown, all] = nums(document.querySelector('[data-testid=ledger-count]'));
			return shown === want && all === want && !!shownRow();
		},
		countChange: (prev) => {
			const el = document.querySelector('[data-testid=ledger-count]');
			return el && el.textContent !== prev ? el.textContent : false;
		},
		entry: () => document.querySelector('main p.content') && document.querySelector('ol.timeline li'),
		// The entry's own text on the entry page (its projected row, before its timeline has loaded).
		entryContent: () => location.pathname.includes('/entry/') && !!document.querySelector('main p.content'),
		text: ({ sel, text }) => [...document.querySelectorAll(sel)].some((el) => el.textContent.includes(text)),
		listTop: ({ text, want }) => checks.list(want) && firstRow().textContent.includes(text),
		visits: () => {
			if (document.querySelector('[data-testid=visit-progress]') && (firstRow() || document.querySelector('main .empty'))) return 'shown';
			const h1 = document.querySelector('h1');
			return h1 && h1.textContent.trim() === '404' ? 'not-found' : false;
		}
	};
	/**
	 * Resolves at the first frame that shows checks[name](arg) holding, with page timestamps. The
	 * check runs once per frame, once that frame's layout is done (in a ResizeObserver's callback
	 * asked for from the frame's animation-frame callback): the DOM as that frame paints it, with
	 * what the page's own animation-frame callbacks changed in it, and no layout forced. Not on every
	 * DOM mutation: checking at each mutation forced a layout each time, during the page's own
	 * parsing and rendering, and slowed the very load it measured. (Until 2026-12-03, nineteenth step
	 * of bench/board-issue-11.md, it ran in the animation-frame callback itself: a change made by a
	 * later callback of the same frame, as the boot frame's rows are added, counted a frame late, and
	 * the check's size reads forced that frame's layout early.)
	 */
	B.arm = (name, arg, timeout = 15_000) =>
		new Promise((resolve) => {
			const tArm = performance.now();
			let over = false;
			const holds = () => {
				try {
					return checks[name](arg);
				} catch {
					return false;
				}
			};
			// After the frame: a message posted from its animation-frame callback runs once it has painted.
			// The frame's time on screen: once its layout is done (a ResizeObserver asked from the frame's
			// animation-frame callback is called in that frame, after its layout; its paint follows within
			// a few ms). Until step 17 of bench/board-issue-11.md this was the time a message posted from
			// that callback ran (tPosted, still recorded): during a load the browser runs the page's
			// module and network tasks first, and that message waited 30–170 ms at CPU ×4 after the frame
			// had painted, a delay no one sees.
			const painted = (value, tDom, tRaf, laidOut = NaN) => {
				over = true;
				clearTimeout(timer);
				let tFrame = laidOut;
				if (Number.isNaN(tFrame)) {
					const ro = new ResizeObserver(() => {
						if (Number.isNaN(tFrame)) tFrame = performance.now();
						ro.disconnect();
					});
					ro.observe(document.documentElement);
				}
				const ch = new MessageChannel();
				ch.port1.onmessage = () => {
					const tPosted = performance.now();
					resolve({ ok: true, value, tArm, tDom, tRaf, tPaint: Number.isNaN(tFrame) ? tPosted : tFrame, tPosted, input: B.lastInput });
				};
				ch.port2.postMessage(null);
			};
			const frame = () => {
				if (over) return;
				const tRaf = performance.now();
				const ro = new ResizeObserver(() => {
					ro.disconnect();
					if (over) return;
					const t = performance.now();
					const v = holds();
					if (v) painted(v, t, tRaf, t);
					else requestAnimationFrame(frame);
				});
				ro.observe(document.documentElement);
			};
			const timer = setTimeout(() => ((over = true), resolve({ ok: false, tArm, timedOut: true })), timeout);
			// Already so when armed: the next frame shows it.
			const now = holds();
			if (now) {
				const tDom = performance.now();
				requestAnimationFrame(() => painted(now, tDom, performance.now()));
			} else requestAnimationFrame(frame);
		});
	const path = location.pathname;
	if (/^\/station\/[^/]+\/?$/.test(path)) {
		B.shell = B.arm('shell', null, 60_000);
		B.firstRow = B.arm('firstRow', null, 60_000);
		B.load = B.arm('list', total, 60_000);
		B.entry = B.arm('entry', null, 60_000); // a tap on a row as soon as it shows
		B.entryContent = B.arm('entryContent', null, 60_000);
	} else if (/^\/station\/[^/]+\/visits\/?$/.test(path)) {
		B.shell = B.arm('shell', null, 60_000);
		B.load = B.arm('visits', null, 60_000);
	}
}

/**
 * In the page: writes the seeded documents (`kinds`: board, visits, contacts; their bytes in
 * window.__seed by kind) in y-indexeddb's layout and the station row into the
 * app's Dexie database. `expected` is the layout the app's own DeviceDb declares (bench/board.js
 * reads it from src/lib/device/device-db.ts), so a new Dexie version in the app needs no change here.
 */
export async function writeSeedInPage({ stationId, kinds, row, me, expected }) {
	const req = (r) => new Promise((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
	const done = (tx) => new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = tx.onabort = () => rej(tx.error))));
	const names = (await indexedDB.databases()).map((d) => d.name);
	// The bytes arrive base64-encoded in pieces (window.__seed[key]): one 40 MiB string through
	// the DevTools protocol is slow or fails.
	const bytes = (key) => {
		const parts = window.__seed[key].map((b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
		const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
		let at = 0;
		for (const p of parts) out.set(p, (at += p.length) - p.length);
		return out;
	};
	for (const kind of kinds) {
		const name = `yixian:${kind}:${stationId}`;
		if (names.includes(name)) throw new Error(`${name} exists already`);
		const open = indexedDB.open(name); // version 1, like lib0's idb.openDB
		open.onupgradeneeded = () => {
			open.result.createObjectStore('updates', { autoIncrement: true });
			open.result.createObjectStore('custom');
		};
		const db = await req(open);
		const tx = db.transaction(['updates'], 'readwrite');
		tx.objectStore('updates').add(bytes(kind));
		await done(tx);
		db.close();
	}
	if (!names.includes(expected.name)) throw new Error(`Dexie did not create ${expected.name}`);
	const dev = await req(indexedDB.open(expected.name));
	const stores = [...dev.objectStoreNames];
	const keyPaths = Object.fromEntries(stores.map((s) => [s, dev.transaction(s).objectStore(s).keyPath]));
	const layout = { version: dev.version, stores, keyPaths };
	const mismatch =
		dev.version !== expected.version ||
		expected.stores.some(([s, keyPath]) => keyPaths[s] !== keyPath);
	if (mismatch) {
		dev.close();
		throw new Error(`${expected.name} in the browser ${JSON.stringify(layout)} is not what the app declares ${JSON.stringify(expected)}`);
	}
	delete window.__seed;
	const tx = dev.transaction(['stations', 'settings'], 'readwrite');
	tx.objectStore('stations').put(row);
	tx.objectStore('settings').put({ key: 'userName', value: me });
	await done(tx);
	dev.close();
	return layout;
}

/**
 * In the page: how many ledger rows the app's projection (yixian-projection) holds for a station; -1
 * without one. Rows are kept in pages (store 'pages', since 2026-12) or, by older builds, one record
 * each (store 'rows').
 */
export async function projectedRowCount(stationId) {
	if (!(await indexedDB.databases()).some((d) => d.name === 'yixian-projection')) return -1;
	return new Promise((resolve) => {
		const open = indexedDB.open('yixian-projection');
		open.onerror = () => resolve(-1);
		open.onsuccess = () => {
			const db = open.result;
			const paged = db.objectStoreNames.contains('pages');
			if (!paged && !db.objectStoreNames.contains('rows')) return (db.close(), resolve(-1));
			const index = db.transaction(paged ? 'pages' : 'rows').objectStore(paged ? 'pages' : 'rows').index('station');
			const req = paged ? index.getAll(stationId) : index.count(stationId);
			req.onsuccess = () => {
				db.close();
				try {
					resolve(paged ? req.result.reduce((n, page) => n + page.rows.length, 0) : req.result);
				} catch {
					// A layout of the pages this does not know: counted as no projection (thrown here, in
					// IndexedDB's callback, it would leave the bench waiting for ever).
					resolve(-1);
				}
			};
			req.onerror = () => (db.close(), resolve(-1));
		};
	});
}
