// The station's frame before the app's JavaScript has run (issue 11). An inline script early in
// <head> (src/hooks.server.ts puts it where src/app.html says; svelte.config.js allows it by its
// hash), so it runs as soon as the head is parsed, with nothing to fetch, long before the app's
// modules are fetched, compiled and evaluated (on a mid-range phone that takes most of a second):
// it paints the app bar and the station's tabs that the app last showed at this address, and at a
// ledger its top rows where the list showed them, as src/lib/device/boot-frame.ts and boot-rows.ts
// recorded them in localStorage. The frame lies over the page (app.css, #boot-frame); the app
// removes it when it mounts, or at a ledger when its own rows show (src/routes/+layout.svelte and
// the ledger page). A tap on its links before then is kept, and the app's router does it
// (window.__yxBootTap, then __yxBootGo): not a reload of the whole app.
// The page's modulepreload links come inert (rel="yx-modulepreload", src/hooks.server.ts): asking
// for some thirty modules at once held the first paint back by a tenth of a second on a slow phone.
// This script makes them real links after the frame has painted, or at once when there is no frame.
// (Asking here for the modules the last start needed, as modulepreload links, was measured and not
// kept: bench/board-issue-11.md.) At a ledger it starts the rows' worker, for the app to take over.
// Anything missing or malformed: it does nothing, and the app starts as it would without it.
(function () {
	'use strict';
	/** The ledger's kept rows (paintable), added in the frame after the one that paints the bar. */
	var rowsList = /** @type {HTMLElement | null} */ (null);
	/** Builds those rows' elements (once): not before the bar has painted, which need not wait for them. */
	var fillRows = function () {};
	openDatabases();
	startRowsWorker();
	var frame = paintable();
	if (!frame) return preload();
	var placed = frame;
	// Before the body is there (this runs in <head>): it goes in first when it is.
	var place = function () {
		if (!document.body) return false;
		document.body.insertBefore(placed, document.body.firstChild);
		// The app's page stays out of layout while it mounts beneath (app.css): the app shows it at the
		// frame after its mount (src/lib/device/boot-frame.ts), or this does if the app never comes.
		document.documentElement.classList.add('yx-boot');
		setTimeout(function () {
			document.documentElement.classList.remove('yx-boot');
		}, 20000);
		// The bar and tabs paint first, the rows after them: the first layout of a page sets up each
		// font it shows, and the rows' fonts made it one task of 125 ms at CPU ×4 (bench:board), the
		// bar waiting for them. The rows are then built and laid out hidden in a task of their own, and
		// shown in the next frame, which only paints them: their layout (fonts set up, text shaped) and
		// their paint were one task over 50 ms at CPU ×4 (bench/board-issue-11.md, fifty-first step).
		// Once they are shown, the app's modules are asked for.
		requestAnimationFrame(function () {
			if (!rowsList) return void setTimeout(preload, 0);
			var list = rowsList;
			setTimeout(function () {
				// (Not when a tap has shown an entry meanwhile: going back shows the rows.)
				if (placed.classList.contains('boot-entry')) return void setTimeout(preload, 0);
				fillRows();
				list.style.visibility = 'hidden';
				placed.appendChild(list);
				void list.offsetHeight;
				requestAnimationFrame(function () {
					list.style.visibility = '';
					// Real rows are in the page (src/lib/perf.ts: the app marks it only if this has not).
					if (performance.mark && list.isConnected) performance.mark('yx:first-rows');
					setTimeout(preload, 0);
				});
			}, 0);
		});
		return true;
	};
	if (place()) return;
	var watch = new MutationObserver(function () {
		if (place()) watch.disconnect();
	});
	watch.observe(document.documentElement, { childList: true });

	/**
	 * The page's inert modulepreload links made real, then the modules the last start at this kind of
	 * page loaded (src/lib/device/boot-modules.ts, the largest first) asked for: one per task, as each
	 * one asked for costs the main thread a few milliseconds on a slow phone (4–12 ms at CPU ×4 in
	 * traces, up to 48 on a slow day), and a tap on the frame waits for the task under way: twelve per
	 * task made tasks of 50–160 ms at CPU ×4, four per task a tap 180 ms against 132 with one
	 * (bench:board, bench/board-issue-11.md). The largest are asked for first, so they are not the
	 * last to come.
	 */
	function preload() {
		var PER_TASK = 1;
		var links = document.querySelectorAll('link[rel="yx-modulepreload"]');
		var more = lastStart();
		var i = 0;
		var j = 0;
		// SvelteKit's client reads sessionStorage (its scroll positions) as its modules are evaluated,
		// and a page's first use of it waits for the browser to load the storage area: 13 of a 38 ms
		// evaluation at CPU ×4 in a trace with JS samples, the longest task of most loads
		// (bench/board-issue-11.md, forty-fourth step). Here it is a task of its own, while the
		// modules are fetched.
		setTimeout(function () {
			try {
				void sessionStorage.length;
			} catch (e) {
				// (Storage refused: SvelteKit's own read fails alike and it goes on without.)
			}
		}, 0);
		(function some() {
			for (var n = 0; n < PER_TASK && i < links.length; n++) links[i++].setAttribute('rel', 'modulepreload');
			for (; n < PER_TASK && j < more.length; n++) {
				var link = document.createElement('link');
				link.rel = 'modulepreload';
				link.href = more[j++];
				link.setAttribute('data-boot-module', '');
				document.head.appendChild(link);
			}
			if (i < links.length || j < more.length) setTimeout(some, 0);
		})();
	}

	/**
	 * At a ledger's address, the station's rows worker (src/lib/device/ledger-rows-start.ts) made now,
	 * from its script's address as the app's last start kept it (boot-modules.ts): it reads the
	 * station's rows while the app's modules are fetched and evaluated, and the app takes it over
	 * (window.__yxRowsWorker) when it is its own build's script, else lets it go. None where anything
	 * is missing.
	 */
	function startRowsWorker() {
		try {
			var at = /^\/station\/([^/]+)\/?$/.exec(location.pathname);
			if (!at || typeof Worker === 'undefined') return;
			var saved = JSON.parse(localStorage.getItem('yixian:boot-modules') || 'null');
			var url = saved && saved.rowsWorker;
			if (typeof url !== 'string' || !/^\/_app\/immutable\/workers\/[\w.-]+\.js$/.test(url)) return;
			var station = decodeURIComponent(at[1]);
			var early = { station: station, url: url, worker: new Worker(url, { type: 'module', name: 'ledger-rows' }), failed: false };
			// A worker that cannot start is not taken over (the app makes its own).
			early.worker.onerror = function (/** @type {Event} */ e) {
				e.preventDefault();
				early.failed = true;
			};
			early.worker.postMessage({ type: 'open', station: station });
			/** @type {any} */ (window).__yxRowsWorker = early;
		} catch (e) {
			// (None: the app makes it as its shell is evaluated.)
		}
	}

	/**
	 * The modules the app's last start at this kind of page loaded beyond the shell's, when the same
	 * build of the app made the list (src/lib/device/boot-modules.ts); else none.
	 * @returns {string[]}
	 */
	function lastStart() {
		try {
			var saved = JSON.parse(localStorage.getItem('yixian:boot-modules') || 'null');
			var start = document.querySelector('link[href^="/_app/immutable/entry/start."]');
			if (!saved || !start || saved.start !== start.getAttribute('href') || !saved.pages) return [];
			var kind = location.pathname.replace(/(.)\/$/, '$1').replace(/^\/station\/[^/]+/, '/station/:id');
			var list = saved.pages[kind];
			if (!Array.isArray(list)) return [];
			// Not those the page asks for itself (the shell's).
			return list.filter(function (/** @type {unknown} */ href) {
				return typeof href === 'string' && /^\/_app\/immutable\/[\w./-]+\.js$/.test(href) && !document.querySelector('link[href="' + href + '"]');
			});
		} catch (e) {
			return [];
		}
	}

	/**
	 * The device's databases the app's first reads wait on, opened now, as they are: the browser opens
	 * their files while the frame paints and the app's modules come, instead of once the app asks
	 * (some 0.1–0.2 s at CPU ×4 on the ledger's way to its list: bench/board-issue-11.md). The app's
	 * first reads take these connections (src/lib/device/idb-peek.ts). None is made or upgraded here:
	 * a database not there yet is left to the app; a connection gives way at once to an upgrade.
	 */
	function openDatabases() {
		/** @type {Record<string, Promise<IDBDatabase | null>>} */
		var opened = {};
		var names = ['yixian-device'];
		if (/^\/station\/[^/]+/.test(location.pathname)) names.push('yixian-projection');
		names.forEach(function (name) {
			var opening = (opened[name] = new Promise(function (resolve) {
				try {
					var req = indexedDB.open(name);
					req.onupgradeneeded = function () {
						if (req.transaction) req.transaction.abort();
					};
					req.onsuccess = function () {
						req.result.onversionchange = function () {
							req.result.close();
							// Closed before the app took it (an erase, an upgrade): the app opens its own.
							if (opened[name] === opening) delete opened[name];
						};
						resolve(req.result);
					};
					req.onerror = function () {
						resolve(null);
					};
				} catch (e) {
					resolve(null);
				}
			}));
		});
		/** @type {any} */ (window).__yxBootDatabases = opened;
	}

	/**
	 * The frame the app last showed at this address (or, at a station tab page it has not shown yet,
	 * the frame its tabs name), or null.
	 * @returns {HTMLElement | null}
	 */
	function paintable() {
		var saved = null;
		try {
			saved = JSON.parse(localStorage.getItem('yixian:boot') || 'null');
		} catch (e) {
			return null;
		}
		if (!saved || saved.v !== 1) return null;
		var path = location.pathname.replace(/(.)\/$/, '$1');
		var segments = path.split('/');
		var tabs = segments[1] === 'station' && saved.tabs && saved.tabs[segments[2]];
		if (!tabs || !Array.isArray(tabs.items)) tabs = null;
		// The bar the app last showed here; else, at a tab page it has not shown yet, the one its tabs name.
		var bar = (saved.bars && saved.bars[path]) || (tabs && tabBar(tabs, path, '/station/' + segments[2]));
		if (!bar || typeof bar.title !== 'string') return null;
		var frame = document.createElement('div');
		frame.id = 'boot-frame';
		var header = document.createElement('header');
		header.className = 'app-bar';
		if (typeof bar.back === 'string') {
			var back = link();
			back.className = 'back';
			back.href = bar.back;
			back.setAttribute('aria-label', bar.backLabel || '');
			header.appendChild(back);
		}
		var h1 = document.createElement('h1');
		h1.textContent = bar.title;
		header.appendChild(h1);
		frame.appendChild(header);
		if (tabs) {
			var nav = document.createElement('nav');
			nav.className = 'station-tabs';
			nav.setAttribute('aria-label', tabs.label || '');
			// The current tab: the longest one whose address starts this one (the ledger's holds its entries).
			var current = '';
			tabs.items.forEach(function (/** @type {[string, string]} */ item) {
				if ((path === item[0] || path.indexOf(item[0] + '/') === 0) && item[0].length > current.length) current = item[0];
			});
			tabs.items.forEach(function (/** @type {[string, string]} */ item) {
				var a = link();
				a.href = item[0];
				a.textContent = item[1];
				if (item[0] === current) a.setAttribute('aria-current', 'page');
				nav.appendChild(a);
			});
			frame.appendChild(nav);
		}
		var rows = saved.rows && saved.rows[path];
		if (rows && Array.isArray(rows.items) && rows.items.length && rows.rowHeight > 0) {
			var list = document.createElement('div');
			list.className = 'boot-rows';
			list.setAttribute('role', 'list');
			list.style.cssText = 'top:' + +rows.top + 'px;left:' + +rows.left + 'px;right:' + +rows.right + 'px;height:' + +rows.height + 'px';
			var kept = rows;
			fillRows = function () {
				fillRows = function () {};
				kept.items.forEach(function (/** @type {unknown} */ item, /** @type {number} */ i) {
					var row = document.createElement('div');
					row.setAttribute('role', 'listitem');
					row.style.cssText = 'top:' + i * kept.rowHeight + 'px;height:' + +kept.rowHeight + 'px';
					row.appendChild(build(item));
					list.appendChild(row);
				});
			};
			rowsList = list;
			frame.setAttribute('data-rows', '');
		}
		// A tap before the app can take it: kept for the app's router, which does it once it is there;
		// a tap on a row whose entry the app kept shows that entry at once (and its back, the rows).
		var entries = rows && rows.entries && typeof rows.entries.items === 'object' ? rows.entries : null;
		var ledger = { header: header, list: rowsList };
		frame.addEventListener('click', function (/** @type {MouseEvent} */ e) {
			var link = e.target instanceof Element ? e.target.closest('a[href]') : null;
			if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
			e.preventDefault();
			var href = link.getAttribute('href') || '';
			var w = /** @type {any} */ (window);
			if (typeof w.__yxBootGo === 'function') return w.__yxBootGo(href);
			var showing = frame.classList.contains('boot-entry');
			// Before the app's code has begun, the frame may change the address: the app starts at the new one.
			var early = !w.__yxBootLate;
			if (entries && entries.items[href] && !showing) {
				show(href);
				if (early) {
					history.pushState(null, '', href);
					w.__yxBootLeft = path;
				} else w.__yxBootTap = href;
			} else if (showing && href.replace(/(.)\/$/, '$1') === path) {
				// Back to the rows (the entry's back link, or the ledger's tab).
				if (early && w.__yxBootLeft && location.pathname !== path) history.back();
				else {
					show(path);
					delete w.__yxBootTap;
				}
			} else w.__yxBootTap = href;
		});
		// Back and forward between the rows and an entry the frame showed, before the app is there.
		addEventListener('popstate', function () {
			var w = /** @type {any} */ (window);
			if (!frame.isConnected || typeof w.__yxBootGo === 'function' || w.__yxBootLate) return;
			var at = location.pathname;
			if (at === path || (entries && entries.items[at])) show(at);
		});

		/**
		 * Shows the ledger's rows (`at` is the ledger's path) or the kept entry at `at`.
		 * @param {string} at
		 */
		function show(at) {
			var entry = at !== path && entries ? entries.items[at] : null;
			var title = entry && typeof entry.title === 'string' ? entry.title : null;
			if (!title || !Array.isArray(entry.nodes)) {
				fillRows();
				if (ledger.list) ledger.list.style.visibility = '';
				frame.classList.remove('boot-entry');
				frame.replaceChildren.apply(frame, /** @type {Node[]} */ ([ledger.header, ledger.list, frame.querySelector('nav')].filter(Boolean)));
				frame.setAttribute('data-rows', '');
				return;
			}
			var bar = document.createElement('header');
			bar.className = 'app-bar';
			var back = link();
			back.className = 'back';
			back.href = path;
			back.setAttribute('aria-label', typeof entries.backLabel === 'string' ? entries.backLabel : '');
			bar.appendChild(back);
			var h1 = document.createElement('h1');
			h1.textContent = title;
			bar.appendChild(h1);
			var main = document.createElement('main');
			main.className = 'stack';
			entry.nodes.forEach(function (/** @type {unknown} */ node) {
				main.appendChild(build(node));
			});
			// The app's own entry page replaces this one; the frame no longer stands for the ledger's rows.
			frame.removeAttribute('data-rows');
			frame.classList.add('boot-entry');
			// (Its scroll starts at the top: the rows' frame does not scroll. Setting scrollTop here would
			// force a layout inside the tap's handler.)
			frame.replaceChildren.apply(frame, /** @type {Node[]} */ ([bar, main, frame.querySelector('nav')].filter(Boolean)));
		}
		return frame;
	}

	/**
	 * The app bar of the station tab page at `path`, as its tab names it ([address, label, title]; the
	 * station's layout keeps it, src/lib/components/station-tabs.ts): back to the station's ledger, or
	 * from the ledger to the station list. Null when no tab is at `path` or names no title.
	 * @param {{ items: unknown[], back?: unknown }} tabs
	 * @param {string} path
	 * @param {string} ledger
	 * @returns {{ title: string, back: string, backLabel: string } | null}
	 */
	function tabBar(tabs, path, ledger) {
		for (var i = 0; i < tabs.items.length; i++) {
			var item = tabs.items[i];
			if (Array.isArray(item) && item[0] === path && typeof item[2] === 'string' && item[2])
				return { title: item[2], back: path === ledger ? '/' : ledger, backLabel: typeof tabs.back === 'string' ? tabs.back : '' };
		}
		return null;
	}

	/**
	 * A link of the frame's. `target="_self"` is what a link does anyway; it has SvelteKit's link scan
	 * after each navigation (every link in the document: the app's start is one) pass it at once
	 * instead of reading its every ancestor's attributes (issue 11: that scan is part of the start's
	 * task, and the frame's rows are up while the ledger's own come).
	 */
	function link() {
		var a = document.createElement('a');
		a.target = '_self';
		return a;
	}

	/**
	 * A node, [tag, classes, children, attributes], as boot-nodes.ts took it from the page:
	 * built with createElement and textContent (never as HTML); a link only to a path of this origin.
	 * @param {any} node
	 * @returns {Node}
	 */
	function build(node) {
		if (typeof node === 'string') return document.createTextNode(node);
		if (!Array.isArray(node)) return document.createTextNode('');
		var tag = /^(a|span|strong|small|time|div|p|section|h2|ol|li|dl|dt|dd)$/.test(node[0]) ? node[0] : 'span';
		var el = tag === 'a' ? link() : document.createElement(tag);
		if (typeof node[1] === 'string' && node[1]) el.className = node[1];
		if (Array.isArray(node[2])) node[2].forEach(function (/** @type {unknown} */ child) {
			el.appendChild(build(child));
		});
		var attrs = node[3] || {};
		var href = attrs.href;
		if (typeof href === 'string' && href.charAt(0) === '/' && href.charAt(1) !== '/' && href.charAt(1) !== '\\') el.setAttribute('href', href);
		if (typeof attrs.title === 'string') el.setAttribute('title', attrs.title);
		if (typeof attrs['aria-label'] === 'string') el.setAttribute('aria-label', attrs['aria-label']);
		return el;
	}
})();
