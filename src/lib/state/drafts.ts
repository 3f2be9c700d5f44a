// What was typed into a form and not saved yet, kept while its page is left and come back to in the
// app (a look at the ledger, another entry, a visit, then back): a note half written, a quick entry
// half filled in. In the page's memory only — never on disk, since it may hold a resident's name and
// phone — so a reload or closing the app lets it go; signing out forgets it at once. A form forgets
// its draft once it is saved or cancelled.

const drafts = new Map<string, unknown>();

/** The draft kept under `key` (a copy: the form owns what it edits), or undefined. */
export function draftOf<T>(key: string): T | undefined {
	const kept = drafts.get(key) as T | undefined;
	return kept === undefined ? undefined : structuredClone(kept);
}

/** Keeps a form's draft (a plain value: `$state.snapshot` of the form's state). */
export function keepDraft(key: string, value: unknown): void {
	drafts.set(key, value);
}

export function forgetDraft(key: string): void {
	drafts.delete(key);
}

/** Every draft (signing out: the next person to pick the phone up sees none of it). */
export function forgetDrafts(): void {
	drafts.clear();
}
