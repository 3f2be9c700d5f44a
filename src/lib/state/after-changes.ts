// Work that follows a document's changes, once per burst of them (issue 11): right after this
// device's own edits (in a microtask, as soon after the edit as the document's own write, so a tab
// closed straight after an edit keeps both or neither), and in a task of its own after changes
// merged from elsewhere (a peer's edit from the socket): merging a peer's edit, showing it and
// writing what follows from it were one task of 50–250 ms at CPU ×4 at every edit of a stream.

export class AfterChanges {
	readonly #run: () => void;
	#soon = false;
	#later = false;

	/** `run` must do nothing when there is nothing new: it may run twice for one burst. */
	constructor(run: () => void) {
		this.#run = run;
	}

	/** After a transaction: `local`, this device's own (Yjs's transaction.local). */
	after(local: boolean): void {
		if (local) {
			if (this.#soon) return;
			this.#soon = true;
			queueMicrotask(() => {
				this.#soon = false;
				this.#run();
			});
		} else if (!this.#later && !this.#soon) {
			this.#later = true;
			setTimeout(() => {
				this.#later = false;
				this.#run();
			}, 0);
		}
	}
}
