// For tests of the documents' worker: a document stored on the device as DocStore writes it, as if
// an earlier session had saved it (fake-indexeddb in unit tests).
import * as Y from 'yjs';
import { DB_PREFIX } from './doc-on-device';
import { DocStore, openDocDb } from './doc-store';

export async function storeOnDevice(name: string, doc: Y.Doc): Promise<void> {
	const copy = new Y.Doc({ guid: name });
	const db = await openDocDb(DB_PREFIX + name);
	const writer = await DocStore.attach(DB_PREFIX + name, copy, db);
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	await writer.whenStored();
	writer.destroy();
}
