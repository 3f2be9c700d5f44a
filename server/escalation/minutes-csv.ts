// The dispatch meeting's minutes as CSV, for Excel (UTF-8 with a BOM, or Excel shows mojibake).
import { toIsoDate } from '../../src/lib/domain/dates';
import { shortRef } from '../../src/lib/domain/ids';
import { zh } from '../../src/lib/i18n/zh';
import type { AgendaItem, Meeting } from './meetings';

const HEADER = ['会议日期', '街道', '驻点', '事项编号', '问题', '类别', '涉及部门', '原责任人', '原时限', '决定', '责任部门', '记录人', '记录时间'];

/** Quotes every field; a leading = + - @ is defused so a cell never runs as a formula. */
function cell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** The server's local time (the district's, as its days are: src/lib/domain/dates.ts), to the minute. */
const time = (at: number) => {
	if (!at) return '';
	const d = new Date(at);
	return `${toIsoDate(d)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};
/** A category's name as the app shows it (a station's own category is its own name). */
const category = (key: string) => (zh as Record<string, string>)[`category.${key}`] ?? key;

/**
 * The minutes of `items` as the office may read them: their text already masked (the office gets
 * no residents' contacts: maskItem in ./masking.ts, like the meeting's page).
 */
export function minutesCsv(meeting: Meeting, items: readonly AgendaItem[]): string {
	const rows = items.map((i) => [
		meeting.date,
		i.snapshot.streetName,
		i.snapshot.stationName,
		shortRef(i.entryId),
		i.snapshot.content,
		category(i.snapshot.category),
		i.snapshot.departments.join('、'),
		i.snapshot.responsible,
		i.snapshot.deadline,
		i.decision,
		i.department,
		i.decidedBy,
		time(i.decidedAt)
	]);
	const lines = [HEADER, ...rows].map((r) => r.map(cell).join(','));
	if (meeting.minutes) lines.push('', [cell('会议纪要'), cell(meeting.minutes)].join(','));
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
