import { error } from '@sveltejs/kit';
import { publicSource } from '$lib/server/bridge';

// Public pages: rendered on the server for anyone, no sign-in, no JavaScript needed.
export function load() {
	const source = publicSource();
	if (!source) error(503, 'The public pages are served by the Yixian server (npm start).');
	return { publicUrl: source.publicUrl };
}
