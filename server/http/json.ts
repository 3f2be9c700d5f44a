// Small JSON helpers for the API: bounded body reading and uniform error answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { fieldCodes } from './schemas';

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		readonly fields?: Record<string, string>
	) {
		super(code);
	}
}

const MAX_BODY = 64 * 1024;
/** Bytes that are not UTF-8 are refused, not read as U+FFFD and stored so. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readJson(req: IncomingMessage): Promise<unknown> {
	// The media type, parameters (charset) aside; its name is case-insensitive (RFC 9110, 8.3.1).
	const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json') throw new HttpError(415, 'json-required');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new HttpError(413, 'body-too-large');
		chunks.push(chunk as Buffer);
	}
	try {
		return JSON.parse(utf8.decode(Buffer.concat(chunks)) || '{}');
	} catch {
		throw new HttpError(400, 'bad-json');
	}
}

/** Validates at the boundary: a bad field is named in the error, nothing is changed. */
export async function readBody<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
	const body = await readJson(req);
	const result = schema.safeParse(body);
	if (!result.success) throw new HttpError(400, 'invalid-input', fieldCodes(result.error, body));
	return result.data;
}

export function send(res: ServerResponse, status: number, body?: unknown): void {
	res.statusCode = status;
	res.setHeader('cache-control', 'no-store');
	if (body === undefined) return void res.end();
	res.setHeader('content-type', 'application/json; charset=utf-8');
	res.end(JSON.stringify(body));
}
