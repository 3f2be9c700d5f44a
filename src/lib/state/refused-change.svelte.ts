// The relay refused a change from this device (close code 4422: it broke the document's rules,
// docs/sync-protocol.md). Nothing of it reached the server, and the stock client would send it
// again on every reconnect. So: the device's copy of that document — the refused change and
// whatever else was not yet sent — is kept in Dexie for export, the copy is dropped, and the page
// reloads to sync the document afresh from the server. Other documents are untouched.
import { deviceDb } from '$lib/device/device-db-loader';

/** The close code of a refused update (server/relay/types.ts). */
export const REFUSED = 4422;
const PREFIX = 'refused:';

export interface RefusedChange {
	key: string;
	docName: string;
	/** The relay's reason, in English (which rule); shown under the Chinese explanation. */
	reason: string;
	at: number;
	/** The device's whole copy when it was refused, as one Yjs update (`Y.applyUpdate` reads it back). */
	update: Uint8Array;
}

class RefusedChanges {
	list = $state<RefusedChange[]>([]);

	async load(): Promise<void> {
		try {
			const rows = await (await deviceDb()).settings.where('key').startsWith(PREFIX).toArray();
			this.list = rows.map((r) => r.value as RefusedChange).sort((a, b) => a.at - b.at);
		} catch (error) {
			// The device's storage is being cleared or reopened (device-health handles that): read again at the next mount.
			console.warn('Reading refused changes failed', error);
		}
	}

	/** Keeps the copy (`update`: the document's whole state), drops it from the device and reloads: the document then syncs afresh. */
	async keepAndResync(docName: string, update: Uint8Array, reason: string): Promise<void> {
		// Imported here so the app shell's banner does not carry Yjs.
		const { forgetDoc } = await import('$lib/device/station-docs');
		const at = Date.now();
		const change: RefusedChange = { key: `${PREFIX}${docName}:${at}`, docName, reason, at, update };
		await (await deviceDb()).settings.put({ key: change.key, value: change });
		await forgetDoc(docName);
		location.reload();
	}

	/** A file the office or support can read back into a copy of the document. */
	download(change: RefusedChange): void {
		const blob = new Blob([change.update as BlobPart], { type: 'application/octet-stream' });
		const a = document.createElement('a');
		a.href = URL.createObjectURL(blob);
		a.download = `${change.docName.replace(':', '-')}-${new Date(change.at).toISOString().slice(0, 19).replace(/:/g, '')}.yjs`;
		a.click();
		setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
	}

	/** Kept copies of these documents leave the device too (the right to them ended). */
	async forget(docNames: string[]): Promise<void> {
		const names = new Set(docNames);
		const keys = (await (await deviceDb()).settings.where('key').startsWith(PREFIX).toArray()).filter((r) => names.has((r.value as RefusedChange).docName)).map((r) => r.key);
		if (keys.length === 0) return;
		await (await deviceDb()).settings.bulkDelete(keys);
		this.list = this.list.filter((c) => !names.has(c.docName));
	}

	async dismiss(change: RefusedChange): Promise<void> {
		await (await deviceDb()).settings.delete(change.key);
		this.list = this.list.filter((c) => c.key !== change.key);
	}
}

export const refusedChanges = new RefusedChanges();
