import { expect, it } from 'vitest';
import type { AgendaItem, Meeting } from '../../src/lib/domain/escalation';
import { redact } from '../../src/lib/domain/redact';
import { maskItem } from './masking';
import { minutesCsv } from './minutes-csv';

const meeting: Meeting = { id: 'm1', date: '2026-03-25', status: 'closed', minutes: '', openedBy: '一线办', openedAt: 1, closedBy: '一线办', closedAt: 2 };
const item: AgendaItem = {
	id: 'i1', meetingId: 'm1', stationId: 'station0001', entryId: 'entry00001',
	snapshot: { stationName: '幸福社区', streetName: '东关街道', content: '王秀英家漏水三月未修，电话13812345678', category: 'old-estate', tier: 4, departments: [], responsible: '住建局', deadline: '2026-04-01', receivedOn: '2026-03-01' },
	decision: '住建局牵头维修，联系王秀英 13812345678', department: '住建局', decidedBy: '一线办', decidedAt: 3
};

it("masks residents' names and numbers in the office's minutes (an export without reporters)", () => {
	const csv = minutesCsv(meeting, [maskItem(item, (text) => redact(text, ['王秀英']), { decision: true })]);
	expect(csv).toContain('某某家漏水三月未修，电话***');
	expect(csv).toContain('住建局牵头维修，联系某某 ***');
	expect(csv).not.toMatch(/王秀英|13812345678/);
});

it('names the category as the app does, and the time as the district reads it', () => {
	const at = new Date(2026, 2, 25, 17, 41).getTime();
	const csv = minutesCsv(meeting, [{ ...item, decidedAt: at }]);
	expect(csv).toContain('"老旧小区改造"');
	expect(csv).not.toContain('old-estate');
	expect(csv).toContain('"2026-03-25 17:41"');
});
