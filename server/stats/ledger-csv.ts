// The ledger as CSV for Excel: UTF-8 with a byte-order mark (Excel reads BOM-less UTF-8 as the
// local code page and garbles Chinese), CRLF line ends, every field quoted when it needs to be.
// Values are shown the way the app shows them, in Chinese. Columns: docs/api.md, "Exports".
import { zh } from '../../src/lib/i18n/zh';
import { toIsoDate } from '../../src/lib/domain/dates';
import { shortRef } from '../../src/lib/domain/ids';
import { isOverdue, type EntryState } from '../../src/lib/domain/ledger';

export const CSV_COLUMNS = [
	'街道', '驻点', '编号', '受理日期', '类别', '问题内容', '地点', '办理层级', '状态', '是否逾期',
	'责任人', '办结时限', '办结日期', '办理结果', '关闭原因', '反馈情况', '群众满意度', '重办次数', '反映人', '联系电话'
] as const;

const label = (key: string, fallback: string) => (zh as Record<string, string>)[key] ?? fallback;

/** Quotes a field that has a comma, quote or line break; a leading =+-@ is defused so Excel does not run it as a formula. */
export function csvField(value: string | number): string {
	let s = String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (fields: readonly (string | number)[]) => fields.map(csvField).join(',') + '\r\n';

export function entryRow(station: { name: string; streetName: string }, e: EntryState, today: string, withReporter: boolean): string {
	return csvLine([
		station.streetName,
		station.name,
		shortRef(e.id),
		e.receivedOn,
		label(`category.${e.category}`, e.category),
		e.content,
		e.place,
		label(`tier.${e.tier}`, String(e.tier)),
		label(`status.${e.status}`, e.status),
		isOverdue(e, today) ? '是' : '',
		e.responsible,
		e.deadline,
		e.closedAt ? toIsoDate(e.closedAt) : '',
		e.outcome,
		e.closeReason ? label(`close.${e.closeReason}`, e.closeReason) : '',
		e.feedback?.text ?? '',
		e.feedback ? label(`satisfaction.${e.feedback.satisfaction}`, e.feedback.satisfaction) : '',
		e.reopenCount,
		withReporter ? e.reporterName : '',
		withReporter ? e.reporterPhone : ''
	]);
}

export const BOM = '\ufeff';
