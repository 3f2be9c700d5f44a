import { describe, expect, it } from 'vitest';
import type { EntryState } from '../../src/lib/domain/ledger';
import { bulletinText } from './bulletin-text';
import type { ScopeStatistics } from './scope-statistics';

const figures = { cadres: 1, cards: 2, helpTimes: 3 };
const stats = {
	period: { from: '2026-12-01', to: '2026-12-31' },
	today: '2026-12-08',
	stations: [{}],
	ledger: { collected: 1, solved: 1, open: 0, overdue: 0, byTier: { 1: 1, 2: 0, 3: 0, 4: 0 }, referred: 0, referralsSettled: 0 },
	rates: { resolution: 1, response: 1, onTime: 1, satisfaction: null },
	visits: { households: 0, people: 0, target: 50 },
	service: figures,
	serviceToDate: figures,
	ideas: { collected: 0, valuable: 0, adopted: 0, implemented: 0 }
} as unknown as ScopeStatistics;

const solved = (content: string, outcome: string) =>
	({ id: 'e1', tier: 1, status: 'solved', receivedOn: '2026-12-02', closedAt: Date.UTC(2026, 11, 3), content, outcome }) as unknown as EntryState;

const caseLine = (entry: EntryState) => bulletinText({ stats, stations: [{ name: '桂花社区', entries: [entry], ideas: [] }] }).split('\n').find((l) => l.startsWith('1. '));

describe("a bulletin's highlighted cases", () => {
	it('join the problem and its outcome with one full stop, whether or not the problem ends with one', () => {
		expect(caseLine(solved('楼道灯坏了，晚上老人上下楼很危险。', '已更换灯具'))).toBe('1. 【现场办结】桂花社区：楼道灯坏了，晚上老人上下楼很危险。办理结果：已更换灯具');
		expect(caseLine(solved('楼道灯坏了', '已更换灯具'))).toBe('1. 【现场办结】桂花社区：楼道灯坏了。办理结果：已更换灯具');
		expect(caseLine(solved('路灯不亮了吗？', '已修复'))).toBe('1. 【现场办结】桂花社区：路灯不亮了吗？办理结果：已修复');
	});
});

describe("a bulletin's running totals (累计)", () => {
	it('are dated as of today while the period runs, not as of its end still to come', () => {
		const text = bulletinText({ stats, stations: [] });
		expect(text).toContain('截至 2026-12-08，累计');
		expect(bulletinText({ stats: { ...stats, today: '2027-01-05' }, stations: [] })).toContain('截至 2026-12-31，累计');
	});
});

describe("a bulletin's rates", () => {
	it('say 暂无 for a rate nothing was counted in, never a bare dash in the prose', () => {
		const text = bulletinText({ stats, stations: [] });
		expect(text).toContain('群众满意率暂无。');
		expect(text).not.toContain('—');
		expect(text).toContain('解决率 100.0%');
	});
});
