// Public notices (公告): the duty-day announcement with the cadre's contact card (连心卡).
// Everything in a notice is meant for the public: it is printed, posted and shown without sign-in.
import { isIsoDate } from './dates';
import { check, optionalText, phoneText, requireText, type Result, type RuleError } from './result';

export const NOTICE_STATUSES = ['draft', 'posted'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The contact card: the cadre's unit, position and how to reach them (domain.md, "The rhythm"). */
export interface ContactCard {
	name: string;
	unit: string;
	position: string;
	phone: string;
}

export interface NoticeFields {
	title: string;
	/** The duty day (YYYY-MM-DD). */
	date: string;
	time: string;
	place: string;
	/** Who is on duty, as people should read it on the poster. */
	onDuty: string;
	topics: string;
	contact: ContactCard;
}

export interface Notice extends NoticeFields {
	id: string;
	status: NoticeStatus;
	postedAt: number;
	postedBy: string;
	createdAt: number;
	createdBy: string;
}

export function validateNotice(input: Partial<Omit<NoticeFields, 'contact'>> & { contact?: Partial<ContactCard> }): Result<NoticeFields> {
	const errors: RuleError[] = [];
	const title = requireText(errors, 'title', input.title, 80);
	if (!isIsoDate(input.date)) errors.push({ field: 'date', code: input.date ? 'invalid' : 'required' });
	const time = requireText(errors, 'time', input.time, 40);
	const place = requireText(errors, 'place', input.place, 120);
	const onDuty = requireText(errors, 'onDuty', input.onDuty, 200);
	const topics = optionalText(errors, 'topics', input.topics, 1000);
	const c = input.contact ?? {};
	const contact = {
		name: requireText(errors, 'contact.name', c.name, 60),
		unit: requireText(errors, 'contact.unit', c.unit, 100),
		position: optionalText(errors, 'contact.position', c.position, 60),
		phone: phoneText(errors, 'contact.phone', c.phone, true)
	};
	return check(errors, () => ({ title, date: input.date as string, time, place, onDuty, topics, contact }));
}

/** A draft for a duty day, filled from the calendar and the signed-in cadre. */
export function draftFor(date: string, contact: ContactCard, stationName: string): NoticeFields {
	return {
		// A station is often named "…社区驻点": the title must not read "…驻点驻点工作日公告".
		title: `${stationName.trim().replace(/驻点$/, '')}驻点工作日公告`,
		date,
		time: '14:00–17:30',
		place: '',
		onDuty: contact.name,
		topics: '',
		contact
	};
}
