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
 * A preload of a route node's file. The only page with preload links, the prerendered shell, names
 * its own route's nodes (the root layout, the app's layout, the home page), whose code is in the
 * shell's chunk (build-tools/boot-chunks.ts): their files only re-export from it, and the router
 * imports the chunk itself (build-tools/node-facades.ts). A ledger's start, served that shell, asked
 * for them all the same.
 */
const NODE_PRELOAD = /<link href="\/_app\/immutable\/nodes\/[\w.-]+\.js" rel="modulepreload">\s*/g;
/**
 * An app page: the boot frame, and its modulepreload links (but a route node's) inert until the
 * frame has painted (the frame's script makes them real then, or at once when it paints nothing:
 * src/boot-frame.js).
 */
const appPage = (html: string) =>
	html.replace(BOOT_FRAME, bootFrameTag).replace(NODE_PRELOAD, '').replaceAll(' rel="modulepreload"', ' rel="yx-modulepreload"');

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
	if (!isPublic(event.url.pathname)) return resolve(event, { transformPageChunk: ({ html }) => appPage(html) });
	const response = await resolve(event, { transformPageChunk: ({ html }) => html.replace(BOOT_FRAME, '') });
	// A copy: a response's headers may be immutable.
	const headers = new Headers(response.headers);
	headers.set('content-security-policy', PUBLIC_CSP);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
