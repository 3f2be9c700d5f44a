import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, dueReminders } from './calendar';
import { teamFacts } from './team-facts';

const entry = (id: string, status: 'open' | 'solved' | 'closed', tier: 1 | 2 | 3 | 4, deadline = '') => ({ id, status, tier, deadline });

describe('teamFacts', () => {
	it('counts a posted announcement for the month of its duty day, never a draft', () => {
		const facts = teamFacts({
			notices: [
				{ status: 'posted', date: '2025-03-10' },
				{ status: 'posted', date: '2025-03-10' },
				{ status: 'draft', date: '2025-04-10' }
			],
			entries: [],
			visits: [],
			today: '2025-03-08'
		});
		expect(facts.announcementsPosted).toEqual(['2025-03']);
	});

	it('lists open tier-4 entries and counts open entries past their deadline', () => {
		const facts = teamFacts({
			notices: [],
			entries: [
				entry('a', 'open', 4, '2025-03-20'),
				entry('b', 'solved', 4, '2025-03-01'),
				entry('c', 'open', 2, '2025-03-01'),
				entry('d', 'open', 2, '2025-03-08'),
				entry('e', 'closed', 3, '2025-03-01')
			],
			visits: [{ visitor: '王干部', households: 12 }],
			today: '2025-03-08'
		});
		expect(facts).toEqual({ announcementsPosted: [], visits: [{ visitor: '王干部', households: 12 }], openTier4: ['a'], overdue: 1 });
	});

	it('stops asking for the announcement once it is posted', () => {
		const due = (posted: boolean) =>
			dueReminders(DEFAULT_CALENDAR, '2025-03-08', teamFacts({ notices: [{ status: posted ? 'posted' : 'draft', date: '2025-03-10' }], entries: [], visits: [], today: '2025-03-08' }));
		expect(due(false).map((r) => r.kind)).toEqual(['post-announcement']);
		expect(due(true)).toEqual([]);
	});
});
