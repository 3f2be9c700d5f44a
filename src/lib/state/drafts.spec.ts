// Drafts of forms not saved yet, kept in the page's memory while their page is left.
import { describe, expect, it } from 'vitest';
import { draftOf, forgetDraft, forgetDrafts, keepDraft } from './drafts';

describe('drafts', () => {
	it('gives a copy of what was kept, until it is forgotten', () => {
		keepDraft('new-entry:s1::', { content: '路灯不亮', tags: ['夜间'] });
		const first = draftOf<{ content: string; tags: string[] }>('new-entry:s1::')!;
		first.tags.push('改了');
		expect(draftOf('new-entry:s1::')).toEqual({ content: '路灯不亮', tags: ['夜间'] });
		forgetDraft('new-entry:s1::');
		expect(draftOf('new-entry:s1::')).toBeUndefined();
	});

	it('forgets every draft at once (signing out)', () => {
		keepDraft('a', { text: '一' });
		keepDraft('b', { text: '二' });
		forgetDrafts();
		expect([draftOf('a'), draftOf('b')]).toEqual([undefined, undefined]);
	});
});
