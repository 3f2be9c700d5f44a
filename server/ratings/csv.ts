// A round's results as CSV for the district committee's papers: Chinese headers from the app's
// own catalogue (the same words as the screens), a BOM so Excel reads it as UTF-8.
import { RATING_ITEMS, type Score } from '../../src/lib/domain/rating';
import { zh } from '../../src/lib/i18n/zh';
import type { RoundResults } from '../../src/lib/remote/ratings';

// Rounded down, as on the screens: 89.96% must not read as the 90% it is not.
const percent = (s: Score) => (s.rate === null ? '' : `${(Math.floor(s.rate * 1000) / 10).toFixed(1)}%`);

/** Quotes every cell: a name with a comma or quote stays one cell; a leading = stays text. */
const cell = (value: string | number) => {
	const text = String(value);
	return `"${(/^[=+\-@]/.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
};

export function resultsCsv({ round, results }: RoundResults): string {
	const header = [
		zh['rating.results.rank'],
		zh['rating.results.cadre'],
		zh['rating.results.station'],
		zh['rating.results.count'],
		...RATING_ITEMS.map((i) => zh[`rating.item.${i}`]),
		zh['rating.overall'],
		zh['rating.results.flags']
	];
	const rows = results.map((r) => [
		r.rank ?? '',
		r.name,
		r.stationName,
		r.submissions,
		...RATING_ITEMS.map((i) => percent(r.items[i])),
		percent(r.overall),
		r.flags.map((f) => zh[`rating.flag.${f}`]).join('；')
	]);
	const title = [`${round.halfYear} ${zh['rating.title']}`];
	return '\uFEFF' + [title, header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
