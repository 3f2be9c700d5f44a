// A station's tab pages: their addresses, their tabs' labels and their app bars' titles, in one
// place, so that the tab bar (the station's layout), each tab page's app bar and the frame painted
// before the app has loaded (src/boot-frame.js, from what boot-frame.ts keeps) say the same.
import { t, type MessageKey } from '$lib/i18n/i18n.svelte';

export interface StationTab {
	/** After the station's address ('' is the ledger). */
	path: '' | '/visits' | '/ideas' | '/notices' | '/inbox' | '/settings';
	/** The tab's label. */
	key: MessageKey;
	/** The page's app bar title, given the station's name. */
	title: (name: string) => string;
}

export const STATION_TABS: readonly StationTab[] = [
	{ path: '', key: 'nav.ledger', title: (name) => name },
	{ path: '/visits', key: 'nav.visits', title: (name) => `${t('visits.title')} · ${name}` },
	{ path: '/ideas', key: 'nav.ideas', title: (name) => `${t('ideas.title')} · ${name}` },
	{ path: '/notices', key: 'duty.notices', title: () => t('duty.notices') },
	{ path: '/inbox', key: 'nav.inbox', title: () => t('duty.inbox') },
	{ path: '/settings', key: 'nav.station', title: () => t('nav.station') }
];

/** The app bar title of the station tab page at `path` (after the station's address); some name the station. */
export function tabTitle(path: StationTab['path'], stationName = ''): string {
	return STATION_TABS.find((tab) => tab.path === path)!.title(stationName);
}
