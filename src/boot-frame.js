// The station's frame before the app's JavaScript has run (issue 11). An inline script early in
// <head> (src/hooks.server.ts puts it where src/app.html says; svelte.config.js allows it by its
// hash), so it runs as soon as the page is parsed, with nothing to fetch, long before the app's
// modules are fetched, compiled and evaluated (on a mid-range phone that takes most of a second):
// it paints the app bar and the station's tabs that the app last showed at this address, as
// src/lib/device/boot-frame.ts recorded them in localStorage (titles and tab labels only: no
// resident's data). The app removes the frame when it mounts (src/routes/+layout.svelte).
// (Also asking here for the modules the last start needed, as modulepreload links, was measured:
// the frame painted later and the first rows no sooner, so it does not.)
// Anything missing or malformed: it does nothing, and the app starts as it would without it.
(function () {
	'use strict';
	var saved = null;
	try {
		saved = JSON.parse(localStorage.getItem('yixian:boot') || 'null');
	} catch (e) {
		return;
	}
	if (!saved || saved.v !== 1) return;
	var path = location.pathname.replace(/(.)\/$/, '$1');
	var bar = saved.bars && saved.bars[path];
	if (!bar || typeof bar.title !== 'string') return;
	var frame = document.createElement('div');
	frame.id = 'boot-frame';
	var header = document.createElement('header');
	header.className = 'app-bar';
	if (typeof bar.back === 'string') {
		var back = document.createElement('a');
		back.className = 'back';
		back.href = bar.back;
		back.setAttribute('aria-label', bar.backLabel || '');
		back.textContent = '‹';
		header.appendChild(back);
	}
	var h1 = document.createElement('h1');
	h1.textContent = bar.title;
	header.appendChild(h1);
	frame.appendChild(header);
	var segments = path.split('/');
	var tabs = segments[1] === 'station' && saved.tabs && saved.tabs[segments[2]];
	if (tabs && Array.isArray(tabs.items)) {
		var nav = document.createElement('nav');
		nav.className = 'station-tabs';
		nav.setAttribute('aria-label', tabs.label || '');
		// The current tab: the longest one whose address starts this one (the ledger's holds its entries).
		var current = '';
		tabs.items.forEach(function (/** @type {[string, string]} */ item) {
			if ((path === item[0] || path.indexOf(item[0] + '/') === 0) && item[0].length > current.length) current = item[0];
		});
		tabs.items.forEach(function (/** @type {[string, string]} */ item) {
			var a = document.createElement('a');
			a.href = item[0];
			a.textContent = item[1];
			if (item[0] === current) a.setAttribute('aria-current', 'page');
			nav.appendChild(a);
		});
		frame.appendChild(nav);
	}
	// In <head>, before the page's many links: <body> is not there yet; it goes in first when it is.
	var place = function () {
		if (!document.body) return false;
		document.body.insertBefore(frame, document.body.firstChild);
		return true;
	};
	if (place()) return;
	var watch = new MutationObserver(function () {
		if (place()) watch.disconnect();
	});
	watch.observe(document.documentElement, { childList: true });
})();
