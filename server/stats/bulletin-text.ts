// The first draft of a bulletin (简报) for a period, written from the district's figures: the
// office then edits it as plain text. It is written in Chinese, as the bulletin is issued.
// Highlights name what was solved and how, never who reported it: the text is printed for anyone,
// so names and numbers typed into it are masked as on the public page (redact.ts).
import { toIsoDate } from '../../src/lib/domain/dates';
import { TIERS, type EntryState } from '../../src/lib/domain/ledger';
import type { IdeaState } from '../../src/lib/domain/ideas';
import { redact } from '../../src/lib/domain/redact';
import { zh } from '../../src/lib/i18n/zh';
import type { ScopeStatistics } from './scope-statistics';

export interface BulletinSource {
	stats: ScopeStatistics;
	/** Every station's entries and ideas, with its name, and the names and numbers its team holds (masked). */
	stations: { name: string; entries: readonly EntryState[]; ideas: readonly IdeaState[]; personal?: readonly string[] }[];
}

/** A rate after its name: " 93.5%", or "暂无" (no space) when nothing was counted in it. */
const pct = (r: number | null) => (r === null ? '暂无' : ` ${(r * 100).toFixed(1)}%`);
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) + '…' : s);

/** Solved in the period, highest tier first, then latest: per tier at most `perTier`. */
export function highlights(source: BulletinSource, perTier = 2) {
	const { from, to } = source.stats.period;
	const solved = source.stations.flatMap((s) =>
		s.entries
			.filter((e) => e.status === 'solved' && e.receivedOn >= from && e.receivedOn <= to)
			.map((e) => ({ station: s.name, entry: e, personal: s.personal ?? [] }))
	);
	return [...TIERS].reverse().flatMap((tier) =>
		solved
			.filter((x) => x.entry.tier === tier)
			.sort((a, b) => b.entry.closedAt - a.entry.closedAt)
			.slice(0, perTier)
	);
}

export function bulletinText(source: BulletinSource): string {
	const { stats } = source;
	const l = stats.ledger;
	const lines = [
		`统计期间：${stats.period.from} 至 ${stats.period.to}`,
		'',
		'一、总体情况',
		`全区 ${stats.stations.length} 个驻点共收集群众反映问题 ${l.collected} 件，已解决 ${l.solved} 件（解决率${pct(stats.rates.resolution)}），` +
			`办理中 ${l.open} 件，其中逾期 ${l.overdue} 件；响应率${pct(stats.rates.response)}，按期办结率${pct(stats.rates.onTime)}，群众满意率${pct(stats.rates.satisfaction)}。`,
		`分级办理：${TIERS.map((t) => `${zh[`tier.${t}`]} ${l.byTier[t]} 件`).join('，')}。`,
		`调度会提交区委常委会、区政府常务会集体研究 ${l.referred} 件，已有研究结果 ${l.referralsSettled} 件。`,
		`驻点干部走访入户 ${stats.visits.households} 户、${stats.visits.people} 人次（目标 ${stats.visits.target} 户）。`,
		// The seed's figures: 329 cadres taking part, 160,000 contact cards, 7,200 person-times of help.
		`本期参与驻点服务干部 ${stats.service.cadres} 人，发放连心卡 ${stats.service.cards} 张，帮扶 ${stats.service.helpTimes} 人次。`,
		// As of the period's end, or of today while it runs: figures of days not yet come are not dated.
		`截至 ${stats.period.to < stats.today ? stats.period.to : stats.today}，累计参与干部 ${stats.serviceToDate.cadres} 人，累计发放连心卡 ${stats.serviceToDate.cards} 张，累计帮扶 ${stats.serviceToDate.helpTimes} 人次。`,
		`金点子：收集 ${stats.ideas.collected} 条，有价值 ${stats.ideas.valuable} 条，采纳 ${stats.ideas.adopted} 条，落实 ${stats.ideas.implemented} 条。`,
		'',
		'二、典型案例'
	];
	const picked = highlights(source);
	if (picked.length === 0) lines.push('本期暂无已解决的问题。');
	picked.forEach(({ station, entry, personal }, i) => {
		const text = (s: string) => cut(redact(s, personal), 80);
		const content = text(entry.content);
		// One full stop between the problem and its outcome: none added after one the team typed.
		const stop = /[。！？!?.…]$/.test(content) ? '' : '。';
		lines.push(`${i + 1}. 【${zh[`tier.${entry.tier}`]}】${station}：${content}${entry.outcome ? `${stop}办理结果：${text(entry.outcome)}` : ''}`);
	});
	const { from, to } = stats.period;
	const inPeriod = (at: number) => toIsoDate(at) >= from && toIsoDate(at) <= to;
	const implemented = source.stations.flatMap((s) =>
		s.ideas.filter((i) => i.history.some((h) => h.stage === 'implemented' && inPeriod(h.at))).map((i) => `${s.name}：${redact(i.title, s.personal ?? [])}`)
	);
	lines.push('', '三、金点子落实情况');
	if (implemented.length === 0) lines.push('本期暂无落实的金点子。');
	implemented.slice(0, 10).forEach((text, i) => lines.push(`${i + 1}. ${text}`));
	return lines.join('\n');
}
