// A station's visit log as the views see it (issue 11): the document lives in the documents' worker
// (device/docs.worker.ts), which loads, stores and syncs it; the page holds its visits, ties and help
// as plain records and sends its edits as whole records. Neither Yjs nor a document's collections
// reach the page's main thread for 20,000 visits. Imported at a page's first look at visits.
import { stored } from '$lib/device/doc-registry';
import { openRemote, type RemoteDoc } from '$lib/device/docs-client';
import { projectionWriters } from '$lib/device/lazy-modules';
import { inBackground, Pending } from '$lib/device/in-background';
import type { MirrorMap } from '$lib/device/mirror';
import { monthOf, toIsoDate } from '$lib/domain/dates';
import { newId } from '$lib/domain/ids';
import { docNames } from '$lib/domain/station';
import { householdKey, type Help, type Tie, type Visit } from '$lib/domain/visits';
import { loadedLogs } from './station-data';

/** The longest a save waits for the month's visits on the device (see projected). */
const PROJECTED_WAIT_MS = 3000;

type Records = { visits: Visit; ties: Tie; help: Help };
type Part = keyof Records;

export class VisitLog {
	readonly visits: MirrorMap<Visit>;
	readonly ties: MirrorMap<Tie>;
	readonly help: MirrorMap<Help>;
	#countTimer: ReturnType<typeof setTimeout> | null = null;
	#offVisits: (() => void) | null = null;
	/** The month's visits and counts being written. */
	readonly #projecting = new Pending();

	constructor(
		readonly stationId: string,
		readonly doc: RemoteDoc
	) {
		this.visits = doc.map<Visit>('visits');
		this.ties = doc.map<Tie>('ties');
		this.help = doc.map<Help>('help');
		this.#offVisits = this.visits.onChange(() => this.#scheduleCount());
		this.#scheduleCount();
	}

	/** A new record, shown at once; `stored(log.doc)` resolves once it is on the device. */
	add<P extends Part>(part: P, fields: Omit<Records[P], 'id' | 'createdAt'>, now: number): Records[P] {
		const record = { ...fields, id: newId(), createdAt: now } as Records[P];
		this.doc.put(part, record);
		return record;
	}

	/** A record replaced whole (a tie ended or resumed, a visit corrected). */
	replace<P extends Part>(part: P, record: Records[P]): void {
		this.doc.put(part, record);
	}

	/** A visit recorded by mistake (the relay keeps help records for good: docs/data-model.md). */
	deleteVisit(id: string): void {
		this.doc.delete('visits', id);
	}

	/**
	 * Resolves once this page's edits are on the device (a store that fails is said by the app's
	 * banner, which offers to write it again) and in the month's visits kept on the device: a reload
	 * right after lists them before the log has loaded. Await it before showing an edit as saved.
	 */
	async saved(): Promise<void> {
		await stored(this.doc).catch(() => {});
		await this.projected();
	}

	/**
	 * This month's households per visitor, kept in the station's digest so the due card never opens
	 * 20,000 visits for a reminder (issue 11), and this month's visits for the visits page's first
	 * paint. Counted a little after a burst of changes, off the load.
	 */
	#scheduleCount() {
		if (this.#countTimer) return;
		this.#countTimer = setTimeout(() => this.#count(), 1000);
	}

	#count() {
		if (this.#countTimer) clearTimeout(this.#countTimer);
		this.#countTimer = null;
		const month = monthOf(toIsoDate(Date.now()));
		const sets = new Map<string, Set<string>>();
		const ofMonth: Visit[] = [];
		for (const v of this.visits.values) {
			if (monthOf(v.date) !== month) continue;
			ofMonth.push(v);
			let set = sets.get(v.visitor);
			if (!set) sets.set(v.visitor, (set = new Set()));
			set.add(householdKey(v));
		}
		const households = Object.fromEntries([...sets].map(([visitor, set]) => [visitor, set.size]));
		this.#projecting.add(projectionWriters().then((p) => p.saveDigest(this.stationId, { visits: { month, households } })), 'Saving the visit count');
		// The month's visits, which the visits page lists before the log has loaded next time.
		this.#projecting.add(projectionWriters().then((p) => p.writeMonthVisits(this.stationId, month, ofMonth)), 'Saving the month’s visits');
	}

	/**
	 * Resolves once the month's visits and counts on the device hold every change made so far: a
	 * count still waiting for its burst to end is taken now. A saved visit is shown only after this,
	 * so a reload right after lists it before the log has loaded (as StationBoard.projected).
	 */
	projected(): Promise<void> {
		if (this.#countTimer) this.#count();
		return this.#projecting.settled(PROJECTED_WAIT_MS);
	}
}

const visitLogs = new Map<string, Promise<VisitLog>>();

/** The visit log is opened only where visits are shown: the ledger never pays for 20,000 visits. */
export function loadVisitLog(id: string): Promise<VisitLog> {
	// Let go of under the view (the documents' worker failed): opened afresh.
	if (loadedLogs.get(id)?.doc.closed) unloadVisitLog(id, false);
	let log = visitLogs.get(id);
	if (!log) {
		const remote = openRemote(docNames(id).visits);
		const loading: Promise<VisitLog> = remote.ready.then(() => {
			const l = new VisitLog(id, remote);
			if (visitLogs.get(id) === loading) loadedLogs.set(id, l);
			return l;
		});
		log = loading;
		visitLogs.set(id, log);
		// A load that failed (the worker could not start or read) is tried afresh at the next look.
		loading.catch(() => visitLogs.get(id) === loading && visitLogs.delete(id));
	}
	return log;
}

/** The visit log dropped from this page (its right ended, or the station left the device). */
export function unloadVisitLog(id: string, forgetProjected: boolean) {
	visitLogs.delete(id);
	loadedLogs.delete(id);
	if (forgetProjected) inBackground(projectionWriters().then((p) => p.forgetMonthVisits(id)), 'Forgetting the month’s visits');
}
