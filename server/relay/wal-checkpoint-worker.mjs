// The WAL checkpoint worker (server/relay/wal-checkpointer.ts starts it): its own connection to the
// relay's SQLite file, checkpointing the write-ahead log every `everyMs`. Plain JavaScript so it runs
// without tsx.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

const { file, everyMs } = workerData;
const db = new Database(file, { fileMustExist: true, timeout: 1000 });
// Only the connection that owns the database's schema decides its journal mode; this one just reads it.
setInterval(() => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch {
		// Busy (another checkpoint, a schema change): the next tick tries again.
	}
}, everyMs);
