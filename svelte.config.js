import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The boot frame's inline script (src/boot-frame.js, put into app pages by src/hooks.server.ts),
// allowed by its hash: the policy names exactly that script.
const bootFrame = `'sha256-${createHash('sha256').update(readFileSync(new URL('./src/boot-frame.js', import.meta.url))).digest('base64')}'`;

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	// Each component's static markup is made once, then cloned. Made element by element rather than by
	// the HTML parser (a <template>'s innerHTML, once per template): a start makes every template of its
	// layouts and page in one task, as a page's first render does (issue 11, bench/board-issue-11.md:
	// paired at CPU ×4, list interactive 1,261 → 1,174 ms, visits page 961 → 899 ms).
	compilerOptions: { fragments: 'tree' },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// virtual:pwa-register registers the service worker built by @vite-pwa/sveltekit.
		serviceWorker: { register: false },
		// Absolute asset paths: the prerendered shell is served for every in-app URL when offline.
		paths: { relative: false },
		version: { pollInterval: 0 },
		// The shell's stylesheet comes inside its HTML: the frame paints without a request (and its
		// script, after the stylesheet in <head>, waits for none). 11 KB with a ledger's and a visit
		// log's own styles (build-tools/boot-chunks.ts); above the limit it would be linked, and nothing says so.
		inlineStyleThreshold: 16384,
		// A strict policy for every page SvelteKit renders (docs/api.md, "Security headers"): scripts
		// only from this origin, SvelteKit's own inline bootstrap by hash (the prerendered shell,
		// served offline by the service worker) or by nonce (pages rendered per request). Styles
		// allow 'unsafe-inline': Svelte components set `style=` attributes and the rendered HTML
		// carries them, which hashes cannot cover; inline CSS cannot run script. The public pages
		// (no script at all) narrow this further in src/hooks.server.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', bootFrame],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				// 'self' covers ws(s):// to this host (CSP Level 3): the sync relay.
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				// Not expressible in a <meta> policy (the prerendered shell): the server also sends it as a header.
				'frame-ancestors': ['none']
			}
		}
	}
};
