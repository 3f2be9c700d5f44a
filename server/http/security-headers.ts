// Headers every answer carries (docs/api.md, "Security headers"). The API's JSON never runs or
// embeds anything, so its policy forbids everything. For the web app these are the floor that
// also covers what SvelteKit does not render (prerendered shell, static files): SvelteKit's own
// Content-Security-Policy (kit.csp in svelte.config.js; `script-src 'none'` on the public pages,
// src/hooks.server.ts) replaces this one where it renders a page.
import type { IncomingMessage, ServerResponse } from 'node:http';

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const WEB_FLOOR_CSP = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

export function securityHeaders(publicUrl: string) {
	const https = publicUrl.startsWith('https:');
	return (req: IncomingMessage, res: ServerResponse): void => {
		const api = (req.url ?? '').startsWith('/api/') || req.url === '/api';
		res.setHeader('x-content-type-options', 'nosniff');
		// frame-ancestors is the modern form; X-Frame-Options for browsers that predate it.
		res.setHeader('x-frame-options', 'DENY');
		res.setHeader('content-security-policy', api ? API_CSP : WEB_FLOOR_CSP);
		// Not `no-referrer` on pages: that also blanks a form POST's Origin, and SvelteKit's CSRF check refuses it.
		res.setHeader('referrer-policy', api ? 'no-referrer' : 'same-origin');
		if (https) res.setHeader('strict-transport-security', 'max-age=31536000');
	};
}
