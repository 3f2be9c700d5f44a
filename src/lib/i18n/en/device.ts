import type { device as zh } from '../zh/device';

// English: the device's storage — saving, storage that stays, a wipe noticed, signing out.
export const device: Record<keyof typeof zh, string> = {
	'device.saveFailed': 'Could not save on this phone: its storage is unavailable right now. What you typed is still here: tap “Retry saving” — it will not be recorded twice.',
	'device.retry': 'Retry saving',
	'device.retrying': 'Saving again…',
	'device.storeFailed': 'Some changes could not be saved on this phone. Keep this page open and tap “Retry saving”.',
	'device.lostWhileOpen': 'This phone’s storage was just cleared (the browser or system removed site data). What this page had open has been saved again; what reached the server is safe and syncs back.',
	'device.wipedAtStart': 'This phone’s data was cleared (the browser or system removed site data). Lost: the copies of {stations}.',
	'device.wipedUnsent': '{count} changes had not been uploaded before and cannot be recovered.',
	'device.wipedSafe': 'Everything that reached the server is safe: sign in and it is restored from the server.',
	'device.wipedSafeSignedIn': 'Everything that reached the server is safe and is being restored.',
	'device.dismiss': 'OK',
	'station.signInToSee': 'This is a station team’s ledger with residents’ data: sign in to see it.',
	'device.restoring': 'This phone has no data for this station: restoring it from the server…',
	'device.restoringOffline': 'This phone has no data for this station yet: it is restored from the server once online.',
	'storage.title': 'Storage on this phone',
	'storage.persisted': 'Persistent storage granted: the browser will not clear this app’s data when space runs low.',
	'storage.notPersisted': 'The browser did not grant persistent storage: when space runs low it may clear this phone’s data, unsent changes included. Add the app to the home screen, open it often, and go online so changes upload.',
	'storage.unsupported': 'This browser cannot keep storage persistent. Go online often so changes upload.',
	'storage.ask': 'Ask for persistent storage',
	'storage.usage': '{used} used, about {available} available',
	'storage.unknown': 'Storage use is not available',
	'signOut.unsent': '{count} changes have not reached the server. If you sign out now they stay on this phone until you sign in again.',
	'signOut.wait': 'Wait for the upload',
	'signOut.waiting': 'Uploading…',
	'signOut.uploaded': 'Every change has been uploaded.',
	'signOut.keep': 'Sign out (keep data on this phone)',
	'signOut.erase': 'Sign out and erase this phone’s data',
	'signOut.eraseNote': 'Afterwards this phone keeps no station’s ledger and no residents’ data.',
	'signOut.confirmLoss': 'I understand that {count} unsent changes will be lost',
	'signOut.erased': 'Signed out; this phone’s data was erased.'
};
