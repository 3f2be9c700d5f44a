// The SvelteKit server routes run inside the same Node process as the API and the relay
// (server/main.ts imports the built handler). server/app.ts installs this bridge before the
// handler serves anything; public pages read the server's copy of the documents through it.
import type { Notice } from '$lib/domain/notices';
import type { PublicReport, PublicStation } from '$lib/documents/public-view';

export interface ReportInput {
	content: string;
	place: string;
	name: string;
	phone: string;
}

export type ReportOutcome = { ok: true; ref: string } | { ok: false; error: 'too-many' | 'invalid' | 'unknown-station'; fields?: Record<string, string> };

export interface PublicSource {
	/** The address people reach the app at, for links and QR codes. */
	publicUrl: string;
	station(stationId: string): Promise<PublicStation | null>;
	notice(stationId: string, noticeId: string): Promise<{ station: PublicStation; notice: Notice } | null>;
	/** A resident's lookup by reference: rate-limited per address ('too-many'). */
	report(stationId: string, ref: string, address: string): Promise<PublicReport | null | 'too-many'>;
	/** Resolves once the report is stored (the server's documents may be in PostgreSQL). */
	submitReport(stationId: string, input: ReportInput, address: string): Promise<ReportOutcome>;
	/**
	 * Brings the server's directory up to date with changes other processes made (the admin CLI,
	 * other server processes): a station added or renamed elsewhere shows on the very next request.
	 */
	fresh(): Promise<void>;
}

const KEY = Symbol.for('yixian.public-source');

export function installPublicSource(source: PublicSource): void {
	(globalThis as Record<symbol, unknown>)[KEY] = source;
}

export function publicSource(): PublicSource | null {
	return ((globalThis as Record<symbol, unknown>)[KEY] as PublicSource | undefined) ?? null;
}
