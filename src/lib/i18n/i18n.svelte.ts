// The one i18n layer: every string the UI shows goes through t(). Reading `i18n.locale` inside
// t() makes every template that calls it re-render when the language changes. Only the Chinese
// catalogue is in the first load; another is fetched when it is chosen (useLocale), which keeps
// ~30 KB gzip off the app shell (issue 11).
import { dateTime } from './date-time';
import { zh, type MessageKey } from './zh';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const catalogs: Partial<Record<Locale, Record<MessageKey, string>>> = { 'zh-CN': zh };
const loaders: Record<Locale, () => Promise<Record<MessageKey, string>>> = {
	'zh-CN': async () => zh,
	en: async () => (await import('./en')).en
};
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

class I18n {
	locale = $state<Locale>('zh-CN');
}

export const i18n = new I18n();

/** Switches the language once its catalogue has loaded (so nothing shows in a half-loaded language). */
export async function useLocale(locale: Locale): Promise<void> {
	catalogs[locale] ??= await loaders[locale]();
	i18n.locale = locale;
}

export function isLocale(value: unknown): value is Locale {
	return (LOCALES as readonly unknown[]).includes(value);
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
	const text = catalogs[i18n.locale]?.[key] ?? zh[key];
	return params ? text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m)) : text;
}

/** Translates a dynamic key (e.g. `tier.${n}`), falling back to the raw value for user-made ones. */
export function tk(prefix: string, value: string | number): string {
	const key = `${prefix}.${value}` as MessageKey;
	return key in zh ? t(key) : String(value);
}

/** A time as the app shows it (date-time.ts: Intl's medium date and short time, without Intl's start-up cost). */
export function formatDateTime(at: number): string {
	return dateTime(i18n.locale, at);
}
