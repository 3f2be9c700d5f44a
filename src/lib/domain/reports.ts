// A problem a resident reports on the station's public page, before the team sees it.
import { check, optionalLine, optionalText, phoneText, requireText, type Result, type RuleError } from './result';

export interface ReportFields {
	content: string;
	place: string;
	name: string;
	phone: string;
}

/** The longest each field may be: the public form's boxes take no more. */
export const REPORT_LIMITS = { content: 1000, place: 200, name: 60 } as const;

export function validateReport(input: Partial<ReportFields>): Result<ReportFields> {
	const errors: RuleError[] = [];
	const content = requireText(errors, 'content', input.content, REPORT_LIMITS.content);
	const place = optionalText(errors, 'place', input.place, REPORT_LIMITS.place);
	const name = optionalLine(errors, 'name', input.name, REPORT_LIMITS.name);
	// The same rule as a person's phone in the directory; kept as the resident typed it.
	const phone = phoneText(errors, 'phone', input.phone);
	return check(errors, () => ({ content, place, name, phone }));
}

// Reference numbers are read aloud and typed on phones: no 0/O, 1/I/L.
const REF_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newReference(random: (n: number) => Uint8Array = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))): string {
	return [...random(6)].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('');
}

/** Whether `text` is a reference as newReference makes them (six of its characters, upper case). */
export const isReference = (text: string): boolean => text.length === 6 && [...text].every((c) => REF_ALPHABET.includes(c));
