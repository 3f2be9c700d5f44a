// The compaction worker (server/relay/merger.ts starts it): merges a document's stored updates
// with Y.mergeUpdates off the relay's event loop. Plain JavaScript so it runs without tsx.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

parentPort.on('message', ({ id, updates }) => {
	try {
		const merged = Y.mergeUpdates(updates);
		parentPort.postMessage({ id, merged }, [merged.buffer]);
	} catch (error) {
		parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
	}
});
