// A small router for /api: each feature contributes its routes; errors become JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DirectoryError } from '../accounts/directory';
import { HttpError, send } from './json';
import { logSafe } from '../util/log-safe';

export type Handler = (ctx: { req: IncomingMessage; res: ServerResponse; params: string[] }) => Promise<void>;
export type Route = [method: string, pattern: RegExp, handler: Handler];

/** Answers a request under /api; resolves false for any other path. */
export function routeRequests(routes: Route[]) {
	return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		let path: string;
		try {
			path = new URL(req.url ?? '/', 'http://api').pathname;
		} catch {
			// Not a URL (e.g. `//%zz/…`, read as an authority): nobody behind us could answer it either.
			send(res, 400, { error: 'bad-request' });
			return true;
		}
		if (!path.startsWith('/api/')) return false;
		try {
			const matching = routes.filter(([, pattern]) => pattern.test(path));
			if (!matching.length) throw new HttpError(404, 'not-found');
			const route = matching.find(([method]) => method === req.method);
			if (!route) throw new HttpError(405, 'method-not-allowed');
			await route[2]({ req, res, params: route[1].exec(path)!.slice(1) });
		} catch (error) {
			if (error instanceof HttpError) send(res, error.status, { error: error.code, fields: error.fields });
			else if (error instanceof DirectoryError) send(res, error.code === 'not-found' ? 404 : 409, { error: error.code });
			else if (res.destroyed || req.socket.destroyed) {
				// The client went away or timed out mid-body (`aborted`): nobody is left to answer. Not
				// `req.destroyed`: a body read to its end leaves the request destroyed too, and a fault
				// after it was then left unanswered instead of a 500.
			} else {
				// The path and the error may quote what the client sent: escaped, one line.
				console.error(`api: ${req.method} ${logSafe(path)}: ${logSafe(error, 4000)}`);
				send(res, 500, { error: 'internal' });
			}
		}
		return true;
	};
}
