// The frontline office's sections, in one place: the tab row of every office screen and the
// start page's grid, which shows every one of them at once on a phone.
import type { MessageKey } from '$lib/i18n/i18n.svelte';

export interface OfficeSection {
	path: string;
	key: MessageKey;
}

export const OFFICE_SECTIONS: readonly OfficeSection[] = [
	{ path: '/office/stations', key: 'office.stations' },
	{ path: '/office/people', key: 'office.people' },
	{ path: '/office/streets', key: 'office.streets' },
	{ path: '/office/dispatch', key: 'dispatch.title' },
	{ path: '/office/referrals', key: 'referrals.title' },
	{ path: '/office/calendar', key: 'duty.calendar' },
	{ path: '/office/ratings', key: 'rating.tab' },
	{ path: '/office/leave', key: 'files.leave.office.tab' },
	{ path: '/office/files', key: 'officeFiles.tab' },
	{ path: '/office/bulletins', key: 'bulletin.tab' }
];
