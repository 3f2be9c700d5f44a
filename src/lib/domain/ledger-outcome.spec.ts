// The ledger's commands from progress to the end: notes, solving and closing, the resident's feedback.
import { describe, expect, it } from 'vitest';
import { addNote, close, CLOSE_REASONS, LIMITS, recordFeedback, reopen, SATISFACTIONS, solve, stampEvent, withEvent } from './ledger';
import { build, apply, errorsOf } from './ledger-test-kit';

describe('addNote: progress notes', () => {
	it('adds a note with text', () => {
		expect(addNote(build(), { text: ' 已联系 ' })).toEqual({ ok: true, value: { type: 'note', text: '已联系' } });
	});

	it('may note a solved entry too', () => {
		expect(addNote(build({ type: 'solved', text: '好了' }), { text: '回访' }).ok).toBe(true);
	});

	it('needs text, within the limit', () => {
		expect(errorsOf(addNote(build(), {}))).toEqual([{ field: 'text', code: 'required' }]);
		expect(errorsOf(addNote(build(), { text: 'x'.repeat(LIMITS.note + 1) }))).toEqual([expect.objectContaining({ field: 'text', code: 'too-long' })]);
	});
});

describe('solve and close: solved is kept apart from closed', () => {
	it('solves an open entry, saying what was done', () => {
		const s = build();
		expect(solve(s, { text: ' 已更换 ' })).toEqual({ ok: true, value: { type: 'solved', text: '已更换' } });
		expect(apply(s, solve(s, { text: '已更换' })).status).toBe('solved');
	});

	it('needs to say what was done to solve it', () => {
		expect(errorsOf(solve(build(), { text: '' }))).toEqual([{ field: 'text', code: 'required' }]);
	});

	it('refuses to solve an entry twice', () => {
		expect(errorsOf(solve(build({ type: 'solved', text: '好了' }), { text: '再次' }))).toEqual([
			{ field: 'status', code: 'not-open' }
		]);
	});

	it('closes with any known reason, text optional', () => {
		for (const reason of CLOSE_REASONS.filter((r) => r !== 'other')) {
			const r = close(build(), { reason });
			expect(r).toEqual({ ok: true, value: { type: 'closed', reason, text: '' } });
		}
	});

	it('needs a reason to close', () => {
		expect(errorsOf(close(build(), {}))).toEqual([{ field: 'reason', code: 'required' }]);
		expect(errorsOf(close(build(), { reason: 'bored' }))).toEqual([{ field: 'reason', code: 'required' }]);
	});

	it("needs an explanation when the reason is 'other'", () => {
		expect(errorsOf(close(build(), { reason: 'other' }))).toEqual([{ field: 'text', code: 'required' }]);
		expect(errorsOf(close(build(), { reason: 'other', text: '  ' }))).toEqual([{ field: 'text', code: 'required' }]);
		expect(close(build(), { reason: 'other', text: '居民搬走' })).toEqual({
			ok: true,
			value: { type: 'closed', reason: 'other', text: '居民搬走' }
		});
	});

	it('refuses an overlong closing text', () => {
		expect(errorsOf(close(build(), { reason: 'duplicate', text: 'x'.repeat(LIMITS.note + 1) }))).toEqual([
			expect.objectContaining({ field: 'text', code: 'too-long' })
		]);
	});

	it('refuses to close an entry that is already solved or closed', () => {
		for (const done of [build({ type: 'solved', text: '好了' }), build({ type: 'closed', reason: 'duplicate', text: '' })]) {
			expect(errorsOf(close(done, { reason: 'duplicate' }))).toEqual([{ field: 'status', code: 'not-open' }]);
		}
	});
});

describe('recordFeedback: the resident is asked only after the outcome', () => {
	it('refuses feedback while the entry is open', () => {
		expect(errorsOf(recordFeedback(build(), { text: '满意', satisfaction: 'satisfied' }))).toEqual([
			{ field: 'status', code: 'still-open' }
		]);
	});

	it('accepts feedback after solved and after closed', () => {
		for (const done of [build({ type: 'solved', text: '好了' }), build({ type: 'closed', reason: 'duplicate', text: '' })]) {
			for (const satisfaction of SATISFACTIONS) {
				expect(recordFeedback(done, { text: ' 回访 ', satisfaction })).toEqual({
					ok: true,
					value: { type: 'feedback', text: '回访', satisfaction }
				});
			}
		}
	});

	it('needs a known satisfaction', () => {
		const done = build({ type: 'solved', text: '好了' });
		expect(errorsOf(recordFeedback(done, { text: '回访' }))).toEqual([{ field: 'satisfaction', code: 'required' }]);
		expect(errorsOf(recordFeedback(done, { text: '回访', satisfaction: 'meh' }))).toEqual([
			{ field: 'satisfaction', code: 'required' }
		]);
	});

	it('needs text saying what the resident was told', () => {
		expect(errorsOf(recordFeedback(build({ type: 'solved', text: '好了' }), { satisfaction: 'satisfied' }))).toEqual([
			{ field: 'text', code: 'required' }
		]);
	});

	it('reopens on a dissatisfied answer, and refuses more feedback until handled again', () => {
		let s = build();
		s = apply(s, solve(s, { text: '已修' }));
		s = apply(s, recordFeedback(s, { text: '还坏着', satisfaction: 'dissatisfied' }));
		expect(s.status).toBe('open');
		expect(s.reopenCount).toBe(1);
		expect(recordFeedback(s, { text: '再问', satisfaction: 'satisfied' }).ok).toBe(false);
		s = apply(s, solve(s, { text: '彻底修好' }));
		s = apply(s, recordFeedback(s, { text: '仍不满意', satisfaction: 'dissatisfied' }));
		expect(s.reopenCount).toBe(2);
		s = apply(s, solve(s, { text: '换了新灯' }));
		s = apply(s, recordFeedback(s, { text: '满意', satisfaction: 'satisfied' }));
		expect(s.status).toBe('solved');
		expect(s.reopenCount).toBe(2);
	});
});

describe('reopen: a handled entry taken up again (closed or solved by mistake, or it was not a duplicate)', () => {
	it('reopens a closed entry, saying why, without counting it as 重办', () => {
		let s = build();
		s = apply(s, close(s, { reason: 'duplicate' }));
		const r = reopen(s, { text: ' 并非重复：是另一处路灯 ' });
		expect(r).toEqual({ ok: true, value: { type: 'reopened', text: '并非重复：是另一处路灯', handledAt: s.closedAt } });
		s = apply(s, r);
		expect(s).toMatchObject({ status: 'open', closeReason: '', outcome: '', closedAt: 0, reopenCount: 0 });
		s = apply(s, solve(s, { text: '已修好' }));
		expect(s.status).toBe('solved');
	});

	it('needs a reason, and a handled entry', () => {
		const closed = build({ type: 'closed', reason: 'duplicate', text: '' });
		expect(errorsOf(reopen(closed, { text: ' ' }))).toEqual([{ field: 'text', code: 'required' }]);
		expect(errorsOf(reopen(closed, { text: 'x'.repeat(LIMITS.note + 1) }))).toEqual([expect.objectContaining({ field: 'text', code: 'too-long' })]);
		expect(errorsOf(reopen(build(), { text: '再开' }))).toEqual([{ field: 'status', code: 'not-handled' }]);
	});

	it('takes up a solved entry again (marked solved by mistake) before the resident is told, not as 重办', () => {
		let s = build({ type: 'solved', text: '已修好' });
		const r = reopen(s, { text: '记错了条目：路灯还没修' });
		expect(r).toEqual({ ok: true, value: { type: 'reopened', text: '记错了条目：路灯还没修', handledAt: s.closedAt } });
		s = apply(s, r);
		expect(s).toMatchObject({ status: 'open', outcome: '', closedAt: 0, reopenCount: 0 });
		// Told and answered: the answer decides, as for a closure.
		let told = build({ type: 'solved', text: '已修好' });
		told = apply(told, recordFeedback(told, { text: '满意', satisfaction: 'satisfied' }));
		expect(errorsOf(reopen(told, { text: '再开' }))).toEqual([{ field: 'status', code: 'answered' }]);
		expect(apply(told, { ok: true, value: { type: 'reopened', text: '离线时重新打开' } })).toMatchObject({ status: 'solved' });
	});

	it('is for the team before the resident has answered on the closure: after that, the answer decides', () => {
		let s = build({ type: 'closed', reason: 'not-our-duty', text: '' });
		s = apply(s, recordFeedback(s, { text: '已告知', satisfaction: 'satisfied' }));
		expect(errorsOf(reopen(s, { text: '再开' }))).toEqual([{ field: 'status', code: 'answered' }]);
		// A reopen merged from a phone that had not seen the answer changes nothing either.
		const merged = apply(s, { ok: true, value: { type: 'reopened', text: '离线时重新打开' } });
		expect(merged).toMatchObject({ status: 'closed', feedback: { satisfaction: 'satisfied' } });
		// An earlier round's answer (a 重办 before this closure) does not stand in the way.
		let again = build({ type: 'solved', text: '已修' });
		again = apply(again, recordFeedback(again, { text: '还坏着', satisfaction: 'dissatisfied' }));
		again = apply(again, close(again, { reason: 'duplicate' }));
		expect(reopen(again, { text: '不是重复' }).ok).toBe(true);
	});

	it('stamped on a phone whose clock is behind the one that closed it, still comes after the close', () => {
		const ahead = build();
		const closedAt = ahead.updatedAt + 3_600_000; // the closing phone's clock runs an hour ahead
		const closed = withEvent(ahead, stampEvent({ type: 'closed', reason: 'duplicate', text: '' }, '李助理', closedAt));
		const draft = reopen(closed, { text: '不是重复' });
		const event = stampEvent(draft.ok ? draft.value : { type: 'note', text: '' }, '王干部', closedAt - 60_000, closed.timeline);
		expect(event.at).toBeGreaterThan(closedAt);
		expect(withEvent(closed, event).status).toBe('open');
	});

	it('is not carried into the years by a phone whose clock is far out: only what is within a day of its own clock is followed', () => {
		const s = build();
		const now = s.updatedAt + 60_000;
		const farOut = withEvent(s, stampEvent({ type: 'note', text: '时钟错乱' }, '李助理', now + 10 * 365 * 86_400_000));
		expect(stampEvent({ type: 'note', text: '已联系' }, '王干部', now, farOut.timeline).at).toBe(now);
		const hourAhead = withEvent(s, stampEvent({ type: 'note', text: '快一小时' }, '李助理', now + 3_600_000));
		expect(stampEvent({ type: 'note', text: '已联系' }, '王干部', now, hourAhead.timeline).at).toBe(now + 3_600_001);
	});

	it('merged late (a reopen from a phone offline, after the entry was solved meanwhile) changes nothing', () => {
		// As an app of before solved entries could be reopened wrote it (no handledAt): a closure's only.
		const s = build({ type: 'closed', reason: 'duplicate', text: '' }, { type: 'reopened', text: '不是重复' }, { type: 'solved', text: '已修' }, { type: 'reopened', text: '迟到的' });
		expect(s.status).toBe('solved');
		// As the app writes it now: it undoes the closure it was made on, not the solving after it.
		let closed = build({ type: 'closed', reason: 'duplicate', text: '' });
		const late = reopen(closed, { text: '迟到的' });
		closed = apply(closed, reopen(closed, { text: '不是重复' }));
		closed = apply(closed, solve(closed, { text: '已修' }));
		expect(apply(closed, late)).toMatchObject({ status: 'solved', outcome: '已修' });
	});
});
