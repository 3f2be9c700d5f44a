// How a timeline event reads: its headline and its detail (the timeline and the entry's history).
import type { TimelineEvent } from '$lib/domain/ledger';
import { t } from '$lib/i18n/i18n.svelte';

export function headline(e: TimelineEvent): string {
	switch (e.type) {
		case 'escalated':
			return t('event.escalated', { tier: t(`tier.${e.tier}`) });
		case 'assigned':
			return t('event.assigned', { responsible: e.responsible });
		case 'extended':
			return t('event.extended', { deadline: e.deadline });
		case 'closed':
			return t('event.closed', { reason: t(`close.${e.reason}`) });
		case 'feedback':
			return t('event.feedback', { satisfaction: t(`satisfaction.${e.satisfaction}`) });
		case 'decided':
			return t('dispatch.event.decided', { date: e.meetingDate });
		case 'referred':
			return t('referral.event.referred', { body: t(`referral.body.${e.body}`), date: e.meetingDate });
		case 'referral-settled':
			return t('referral.event.settled');
		default:
			return t(`event.${e.type}`);
	}
}

export function detail(e: TimelineEvent): string {
	if (e.type === 'escalated') {
		const departments = e.departments?.length ? t('coord.departments.line', { departments: e.departments.join('、') }) : '';
		return [e.responsible && t('event.owner', { responsible: e.responsible, deadline: e.deadline }), departments, e.text].filter(Boolean).join('\n');
	}
	if (e.type === 'decided') return [e.decision, t('dispatch.event.department', { department: e.department })].join('\n');
	if (e.type === 'extended') return e.reason;
	if (e.type === 'referred') return e.note;
	if (e.type === 'referral-settled') return [e.text, e.department && t('referral.event.department', { department: e.department })].filter(Boolean).join('\n');
	return 'text' in e ? e.text : '';
}
