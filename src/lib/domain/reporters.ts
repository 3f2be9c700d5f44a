// The residents' contacts as the app's forms and views carry them (the contacts document's records:
// documents/contacts.ts, docs/data-model.md). Plain types and helpers, no Yjs: the page reads them
// while the document itself lives in the documents' worker.

/** The resident who raised a ledger entry. */
export interface Reporter {
	name: string;
	phone: string;
	/** The resident asked that the team not pass their name on (default true). */
	private: boolean;
}

/** The contact a resident left with a report on the public page (written by the server). */
export interface InboxContact {
	name: string;
	phone: string;
}

/** The reporter as the entry form carries it (validateFacts), and back. */
export interface ReporterFields {
	reporterName: string;
	reporterPhone: string;
	reporterPrivate: boolean;
}
export const reporterOf = (f: ReporterFields): Reporter => ({ name: f.reporterName, phone: f.reporterPhone, private: f.reporterPrivate });
export const reporterFields = (r: Reporter): ReporterFields => ({ reporterName: r.name, reporterPhone: r.phone, reporterPrivate: r.private });

export const NO_REPORTER: Reporter = Object.freeze({ name: '', phone: '', private: true });
