import { describe, expect, it } from 'vitest';
import { draftFor } from './notices';

const card = { name: '吴驻点', unit: '区住建局', position: '科长', phone: '13800000000' };

describe('draftFor: the duty-day announcement drafted for a station', () => {
	it('titles it after the station', () => {
		expect(draftFor('2026-06-10', card, '幸福里社区').title).toBe('幸福里社区驻点工作日公告');
	});

	it('does not double 驻点 when the station is named with it', () => {
		expect(draftFor('2026-06-10', card, '幸福里社区驻点').title).toBe('幸福里社区驻点工作日公告');
	});
});
