// The public pages (/p/…, /rate/…) are plain server-rendered HTML with forms: they need no script,
// so their policy allows none (docs/api.md, "Security headers"), whatever kit.csp allows the app.
import type { Handle } from '@sveltejs/kit';
import { publicSource } from '$lib/server/bridge';
import bootFrameSource from './boot-frame.js?raw';

const PUBLIC_CSP = [
	"default-src 'none'",
	"script-src 'none'",
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data:",
	"font-src 'self'",
	"manifest-src 'self'",
	"form-action 'self'",
	"base-uri 'none'",
	"frame-ancestors 'none'"
].join('; ');

// Where src/app.html asks for the boot frame's inline script (allowed by its hash in svelte.config.js).
const BOOT_FRAME = '<!--boot-frame-->';
const bootFrameTag = `<script>${bootFrameSource}</script>`;
/**
 * What an app page names for preloading (its HTML's links and its Link header): its scripts and
 * styles, but not a route node's file. The nodes of the pages a start loads have their code in the
 * boot chunks (build-tools/boot-chunks.ts): their files only re-export from those, and the router
 * imports the chunks themselves (build-tools/node-facades.ts), so a preload of one is a request for
 * nothing, which a station page's start would also keep asking for (src/lib/device/boot-modules.ts).
 * Any other page's node file is asked for by the router, as at every start the service worker
 * serves: its shell names no route's modules.
 */
const preload = ({ type, path }: { type: string; path: string }) => type === 'css' || (type === 'js' && !path.includes('/_app/immutable/nodes/'));
/**
 * An app page: the boot frame, and its modulepreload links inert until the frame has painted (the
 * frame's script makes them real then, or at once when it paints nothing: src/boot-frame.js).
 */
const appPage = (html: string) => html.replace(BOOT_FRAME, bootFrameTag).replaceAll(' rel="modulepreload"', ' rel="yx-modulepreload"');

const isPublic = (path: string) => path.startsWith('/p/') || path.startsWith('/rate/');

/**
 * The form action a POST names (`?/name`), as SvelteKit reads it: the first query key starting
 * with '/'. SvelteKit throws on the reserved name "default" (a 500) before any action runs.
 */
const namesReservedAction = (url: URL) => [...url.searchParams.keys()].find((key) => key.startsWith('/')) === '/default';

export const handle: Handle = async ({ event, resolve }) => {
	if (event.request.method === 'POST' && namesReservedAction(event.url)) {
		return new Response('Bad request: no such form action.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	// Public pages and forms read the directory synchronously: bring it up to date first (a station
	// the office or the admin CLI added a moment ago in another process is found).
	if (isPublic(event.url.pathname)) await publicSource()?.fresh();
	// No script runs on a public page: not even the app's boot frame.
	if (!isPublic(event.url.pathname)) return resolve(event, { transformPageChunk: ({ html }) => appPage(html), preload });
	const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace(BOOT_FRAME, '') });
	// A copy: a response's headers may be immutable.
	const headers = new Headers(response.headers);
	headers.set('content-security-policy', PUBLIC_CSP);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
