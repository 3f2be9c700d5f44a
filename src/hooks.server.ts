// The public pages (/p/…, /rate/…) are plain server-rendered HTML with forms: they need no script,
// so their policy allows none (docs/api.md, "Security headers"), whatever kit.csp allows the app.
import type { Handle } from '@sveltejs/kit';

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

const isPublic = (path: string) => path.startsWith('/p/') || path.startsWith('/rate/');

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!isPublic(event.url.pathname)) return response;
	// A copy: a response's headers may be immutable.
	const headers = new Headers(response.headers);
	headers.set('content-security-policy', PUBLIC_CSP);
	return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
