// The worker thread of the warm-up (derive-pool.ts): derives one station at a time from the bytes
// it is sent and answers with the packed result, so the main thread never holds a replaying board.
import { parentPort } from 'node:worker_threads';
import { deriveFromUpdates } from './derive-station';
import type { DeriveReply, DeriveRequest } from './derive-pool';

parentPort!.on('message', ({ id, board, visits }: DeriveRequest) => {
	let reply: DeriveReply;
	try {
		// Sent as the JSON stored in SQLite: one string crosses threads cheaper than 2,000 arrays.
		reply = { id, json: JSON.stringify(deriveFromUpdates(board, visits)) };
	} catch (error) {
		reply = { id, error: (error as Error).message };
	}
	parentPort!.postMessage(reply);
});
