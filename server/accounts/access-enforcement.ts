// Ending access reaches live connections: sessions that ended close theirs with 4401 (the app
// refreshes or asks to sign in again); a change of rights re-checks each of the person's open
// connections and closes (4100, reconnect authorised afresh) only those whose right changed.
// Changes other processes made (the admin CLI; other server processes on PostgreSQL) are picked
// up by polling the storage every second (Directory.pollForeign).
import { CloseCode, type Identity } from '../relay/types';
import type { Directory } from './directory';
import { accessTo, parseDocName } from './rights';

interface Disconnect {
	disconnectWhere(test: (identity: Identity, docName: string) => boolean, code: number, reason: string): number;
}

/** How often the server looks for changes made by other processes (the admin CLI). */
export const FOREIGN_POLL_MS = 1000;

export function enforceAccess(directory: Directory, relay: Disconnect, log: Pick<Console, 'warn'> = console): () => void {
	const stillAllowed = (identity: Identity, docName: string): boolean => {
		const doc = parseDocName(docName);
		const grants = doc && directory.grants(identity.userId, doc.stationId);
		const access = doc && grants ? accessTo(doc.kind, grants) : null;
		return access !== null && (access === 'write') === identity.canWrite;
	};

	const onEnded: Parameters<typeof directory.on<'sessions-ended'>>[1] = ({ personId, sessionId, reason }) =>
		relay.disconnectWhere(
			(identity) => identity.userId === personId && (!sessionId || identity.sessionId === sessionId),
			CloseCode.unauthenticated,
			reason === 'disabled' ? 'account disabled' : 'session ended'
		);
	const onChanged = (personId: string) =>
		relay.disconnectWhere((identity, docName) => identity.userId === personId && !stillAllowed(identity, docName), CloseCode.rightsChanged, 'rights changed');

	directory.on('sessions-ended', onEnded);
	directory.on('access-changed', onChanged);
	let polling = false;
	const timer = setInterval(() => {
		// One poll at a time: a slow database must not pile them up.
		if (polling) return;
		polling = true;
		directory
			.pollForeign()
			.catch((error) =>
				// A busy file (another process writing) or a lost connection is tried again next time.
				log.warn(`access: cannot read changes from other processes: ${(error as Error).message}`)
			)
			.finally(() => (polling = false));
	}, FOREIGN_POLL_MS);
	timer.unref();
	return () => {
		clearInterval(timer);
		directory.off('sessions-ended', onEnded);
		directory.off('access-changed', onChanged);
	};
}
