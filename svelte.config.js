import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// virtual:pwa-register registers the service worker built by @vite-pwa/sveltekit.
		serviceWorker: { register: false },
		version: { pollInterval: 0 }
	}
};
