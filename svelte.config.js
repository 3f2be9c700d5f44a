import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// virtual:pwa-register registers the service worker built by @vite-pwa/sveltekit.
		serviceWorker: { register: false },
		// Absolute asset paths: the prerendered shell is served for every in-app URL when offline.
		paths: { relative: false },
		version: { pollInterval: 0 }
	}
};
