// A time as the timeline and the lists show it, written without Intl. The first Intl object a page
// makes loads the browser's locale data: 20–35 ms on this machine at CPU ×1, a task of about
// 100 ms at ×4 inside the ledger's load (issue 11), and again when the first entry is opened. The
// text is Intl's own { dateStyle: 'medium', timeStyle: 'short' } for each of the app's languages,
// in the device's time zone (date-time.spec.ts compares them).
import type { Locale } from './i18n.svelte';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** `at` (ms since the epoch, years 1970–2100) in `locale`; '—' when it is not a time. */
export function dateTime(locale: Locale, at: number): string {
	const d = new Date(at);
	if (Number.isNaN(d.getTime())) return '—';
	const [year, month, day, hour, minute] = [d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()];
	if (locale === 'zh-CN') return `${year}年${month + 1}月${day}日 ${two(hour)}:${two(minute)}`;
	return `${MONTHS_EN[month]} ${day}, ${year}, ${hour % 12 || 12}:${two(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}
