// The compaction worker (server/relay/merger.ts starts it): merges a document's stored updates
// with Y.mergeUpdates off the relay's event loop. Plain JavaScript so it runs without tsx.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';

// `packed` holds the updates one after the other; `ends[i]` is where update i ends.
parentPort.on('message', ({ id, packed, ends }) => {
	try {
		const updates = Array.from(ends, (end, i) => packed.subarray(i === 0 ? 0 : ends[i - 1], end));
		const merged = Y.mergeUpdates(updates);
		parentPort.postMessage({ id, merged }, [merged.buffer]);
	} catch (error) {
		parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
	}
});
