// Device settings: kept in Dexie, mirrored in runes for the views.
import type { Setting } from '$lib/device/device-db';
import { deviceDb, readDevice } from '$lib/device/device-db-loader';
import { i18n, isLocale, t, useLocale, type Locale } from '$lib/i18n/i18n.svelte';
import { session } from './session.svelte';

class Settings {
	userName = $state('');
	loaded = $state(false);

	/** The name written into timelines and visits ("by"): the signed-in person's, else the device's. */
	get me(): string {
		return session.person?.name || this.userName || t('me.unnamed');
	}

	async load() {
		const rows = await Promise.all(['userName', 'locale'].map((key) => readDevice<Setting | undefined>('settings', (s) => s.get(key), (db) => db.settings.get(key))));
		this.userName = typeof rows[0]?.value === 'string' ? rows[0].value : '';
		const locale = rows[1]?.value;
		if (isLocale(locale)) await useLocale(locale);
		document.documentElement.lang = i18n.locale;
		this.loaded = true;
	}

	async setUserName(name: string) {
		this.userName = name.trim().slice(0, 60);
		await (await deviceDb()).settings.put({ key: 'userName', value: this.userName });
	}

	async setLocale(locale: Locale) {
		await useLocale(locale);
		document.documentElement.lang = locale;
		await (await deviceDb()).settings.put({ key: 'locale', value: locale });
	}
}

export const settings = new Settings();
