// The ledger as CSV for Excel: UTF-8 with a byte-order mark (Excel reads BOM-less UTF-8 as the
// local code page and garbles Chinese), CRLF line ends, every field quoted when it needs to be.
// Values are shown the way the app shows them, in Chinese. Columns: docs/api.md, "Exports".
import { zh } from '../../src/lib/i18n/zh';
import { toIsoDate } from '../../src/lib/domain/dates';
import { shortRef } from '../../src/lib/domain/ids';
import { isOverdue, type EntryState } from '../../src/lib/domain/ledger';
import { redact } from '../../src/lib/domain/redact';
import type { Reporter } from '../../src/lib/documents/contacts';

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

/**
 * One entry. For the station's team `reporter` is the entry's reporter (from contacts:<station>) and
 * the text is as written; for anyone else it is null: the reporter columns stay empty and the free
 * text (content, place, the person responsible, outcome, feedback) is masked with `personal` (the names and numbers the team
 * holds) and the number patterns, as the relay masks the board for them.
 */
export function entryRow(station: { name: string; streetName: string }, e: EntryState, today: string, reporter: Reporter | null, personal: readonly string[] = []): string {
	const text = (s: string) => (reporter ? s : redact(s, personal));
	return csvLine([
		station.streetName,
		station.name,
		shortRef(e.id),
		e.receivedOn,
		label(`category.${e.category}`, e.category),
		text(e.content),
		text(e.place),
		label(`tier.${e.tier}`, String(e.tier)),
		label(`status.${e.status}`, e.status),
		isOverdue(e, today) ? '是' : '',
		text(e.responsible),
		e.deadline,
		e.closedAt ? toIsoDate(e.closedAt) : '',
		text(e.outcome),
		e.closeReason ? label(`close.${e.closeReason}`, e.closeReason) : '',
		text(e.feedback?.text ?? ''),
		e.feedback ? label(`satisfaction.${e.feedback.satisfaction}`, e.feedback.satisfaction) : '',
		e.reopenCount,
		reporter?.name ?? '',
		reporter?.phone ?? ''
	]);
}

export const BOM = '\ufeff';
