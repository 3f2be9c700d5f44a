import type { history as zh } from '../zh/history';

// English: an entry's history as the server recorded it.
export const history: Record<keyof typeof zh, string> = {
	'history.title': 'History',
	'history.show': 'Show history',
	'history.hide': 'Hide history',
	'history.intro': 'Every change the server recorded: who, when, what. Times are when the server received it.',
	'history.loading': 'Loading the history from the server…',
	'history.offline': 'The history needs the network. Open it again once online.',
	'history.problem': 'The history cannot be read right now. Try again later.',
	'history.retry': 'Retry',
	'history.empty': 'The server has no recorded change of this entry yet.',
	'history.created': 'Recorded this entry',
	'history.changed': 'Changed {field}',
	'history.event': 'Timeline: {headline}',
	'history.before': 'Before',
	'history.after': 'After',
	'history.empty.value': '(empty)',
	'history.by.server': 'System',
	'history.received': 'Server received {at}',
	'history.backfilled': 'Found in data stored before the history was kept',
	'history.restored': 'The frontline office restored the version of {at}',
	'history.unrecorded.title': 'Recorded before history was kept',
	'history.unrecorded': 'Recorded before history was kept; the server has no received time for it (time and author as written).',
	'history.unrecorded.created': 'This entry was recorded before history was kept; its first facts were not recorded.',
	'history.restore': 'Restore this version',
	'history.restore.confirm': "Restore this entry's facts (content, place, category…) to the version of {at}? The timeline is not affected; the restore itself is recorded in the history.",
	'history.restore.yes': 'Restore',
	'history.restore.done': 'Restored, and recorded in the history.',
	'history.restore.unchanged': 'The entry already has these facts.',
	'history.restore.failed': 'The restore did not succeed. Try again later.'
};
