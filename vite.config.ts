import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { bootChunks } from './build-tools/boot-chunks.ts';
import { compileHints } from './build-tools/compile-hints.ts';
import { nodeFacades } from './build-tools/node-facades.ts';
import { lib0ShortStrings } from './build-tools/lib0-short-strings.ts';
import { yjsExactArrays } from './build-tools/yjs-exact-arrays.ts';
import { shellYield } from './build-tools/shell-yield.ts';

export default defineConfig({
	// No modulepreload links for the modules a route's dynamic import pulls in: at a route's first
	// load Vite's helper added some twenty-five at once, each a few milliseconds of the main thread
	// on a slow phone (issue 11, bench/board.md); the import fetches them anyway. Its CSS is still
	// loaded with it, and a page's own preloads stay in its HTML (src/boot-frame.js makes them real).
	build: { modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'js' ? deps.filter((d) => d.endsWith('.css')) : deps) } },
	// The document's worker decodes with yjs too.
	worker: { plugins: () => [yjsExactArrays(), lib0ShortStrings()] },
	plugins: [
		// yjs's decoded value arrays sized exactly: 27 MB less heap at 50,000 entries (build-tools/yjs-exact-arrays.ts).
		yjsExactArrays(),
		// Short strings of a stored document decoded in JavaScript, not one TextDecoder call each: the
		// 50,000-entry board's load spent a third of its script there (build-tools/lib0-short-strings.ts).
		lib0ShortStrings(),
		// The shell's evaluation split in tasks after Svelte's runtime and before the app's modules (build-tools/shell-yield.ts).
		shellYield(),
		// What every start loads in a few chunks instead of dozens (build-tools/boot-chunks.ts).
		bootChunks(),
		// The router imports those chunks, not SvelteKit's re-export files of them (build-tools/node-facades.ts).
		nodeFacades(),
		// Every browser chunk's functions compiled off the main thread as it streams in (build-tools/compile-hints.ts).
		compileHints(),
		sveltekit(),
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			manifest: {
				id: '/',
				name: '一线 · 驻点工作台',
				short_name: '一线',
				description: '一线为民工作法：驻点台账、走访、金点子，离线可用',
				lang: 'zh-CN',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'portrait',
				theme_color: '#b71c1c',
				background_color: '#fffaf5',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{ src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff2,webmanifest}', 'prerendered/**/*.html'],
				// The app shell is the prerendered "/" page; every in-app route boots from it offline.
				navigateFallback: '/',
				// Public pages and the API are the server's; never answer them from the shell.
				navigateFallbackDenylist: [/^\/api\//, /^\/p\//, /^\/rate\//, /^\/sync/]
			}
		})
	],
	test: {
		include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'build-tools/**/*.spec.ts', 'tests/*.spec.ts'],
		environment: 'node',
		// A guard against a hang, not a measure: CI's loaded machine runs timers late, and a test waits
		// on conditions (never on time) within it.
		testTimeout: 20_000
	}
});
