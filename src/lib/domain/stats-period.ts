// The periods a statistics view offers at one tap (this month, last month, this half-year) and the
// check of a custom one, the same as the server's (server/http/stats-api.ts periodOf).
import { lastDayOf, shiftMonth } from './calendar';
import { monthOf } from './dates';
import { halfYearOf, halfYearPeriod } from './half-year';
import type { Period } from './statistics';

export const PERIOD_PRESETS = ['thisMonth', 'lastMonth', 'thisHalf', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** The preset's period as of `today`; null for 'custom'. */
export function presetPeriod(preset: PeriodPreset, today: string): Period | null {
	const month = monthOf(today);
	if (preset === 'thisMonth') return { from: `${month}-01`, to: lastDayOf(month) };
	if (preset === 'lastMonth') {
		const last = shiftMonth(month, -1);
		return { from: `${last}-01`, to: lastDayOf(last) };
	}
	if (preset === 'thisHalf') return halfYearPeriod(halfYearOf(today));
	return null;
}

/** Field errors of a custom period: the server's own rule (src/lib/domain/input.ts). */
export { periodErrors } from './input';
