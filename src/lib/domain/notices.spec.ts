import { describe, expect, it } from 'vitest';
import { phoneProblem } from './input';
import { draftFor, validateNotice } from './notices';

const card = { name: '吴驻点', unit: '区住建局', position: '科长', phone: '13800000000' };

describe('draftFor: the duty-day announcement drafted for a station', () => {
	it('titles it after the station', () => {
		expect(draftFor('2026-06-10', card, '幸福里社区').title).toBe('幸福里社区驻点工作日公告');
	});

	it('does not double 驻点 when the station is named with it', () => {
		expect(draftFor('2026-06-10', card, '幸福里社区驻点').title).toBe('幸福里社区驻点工作日公告');
	});
});

describe('validateNotice: the contact card’s phone', () => {
	const notice = (phone: string) => validateNotice({ ...draftFor('2026-06-10', card, '幸福里社区'), place: '活动室', contact: { ...card, phone } });

	it('takes a phone number exactly when the server takes one (input.ts), as its message says', () => {
		const samples = ['13800000000', '+86 138 0000 0000', '010-12345678', '12345', '1'.repeat(20), '138 1234 5678 9012 3456', '1-2-3', '1'.repeat(21), '+-12345', 'abc'];
		for (const phone of samples) expect(notice(phone).ok, phone).toBe(phoneProblem(phone) === null);
	});

	it('asks for one when it is missing', () => {
		const r = notice('  ');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.errors).toEqual([{ field: 'contact.phone', code: 'required' }]);
	});
});
