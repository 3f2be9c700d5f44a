// What the API and the admin command line accept, as zod schemas built on the shared rules of
// src/lib/domain/input.ts (the public forms use those rules through the domain's validators).
// Every refusal carries its field code (`required`, `too-long`, `control-characters`, …), so the
// API's 400 and the CLI's message say the same thing. Phone numbers are normalised (spaces and
// dashes dropped) before checking.
import { z } from 'zod';
import {
	dayProblem,
	halfYearProblem,
	ID_PATTERN,
	monthProblem,
	normalisePhone,
	periodErrors,
	phoneProblem,
	textProblem,
	TEXT_LIMITS,
	type InputCode,
	type TextRule
} from '../../src/lib/domain/input';
import { STATION_KINDS } from '../../src/lib/domain/station';
import { PASSWORD_MAX, PASSWORD_MIN } from '../accounts/passwords';
import { PERSON_ROLES, STATION_ROLES } from '../accounts/rights';

/** A zod issue carrying one of the shared codes (and the limit, for messages). */
const refuse = (ctx: z.RefinementCtx, code: InputCode, limit?: number, path: PropertyKey[] = []) =>
	ctx.addIssue({ code: 'custom', message: code, params: { code, limit }, path });

/** Text under a rule, trimmed unless `keep` (a document's indentation and line ends are its own). */
const textOf = (rule: TextRule, keep = false) =>
	z.any().transform((value: unknown, ctx) => {
		const problem = textProblem(value, rule) ?? (keep && typeof value === 'string' && value.length > rule.max ? 'too-long' : null);
		if (problem) {
			refuse(ctx, problem, problem === 'too-long' ? rule.max : undefined);
			return z.NEVER;
		}
		return typeof value !== 'string' ? '' : keep ? value : value.trim();
	});

/** One line, not blank: names, titles, departments. */
export const line = (max: number) => textOf({ max, required: true });
/** One line, may be blank ('' when missing). */
export const optionalLine = (max: number) => textOf({ max });
/** A textarea's text (tabs and line breaks kept), trimmed: required unless told. */
export const text = (max: number, required = true) => textOf({ max, required, multiline: true });
/** A document's text (a bulletin's body, minutes): kept as typed, may be blank. */
export const documentText = (max: number) => textOf({ max, multiline: true }, true);

const fromProblem = <T>(problem: (v: unknown) => InputCode | null) =>
	z.any().transform((value: unknown, ctx) => {
		const code = problem(value);
		if (code) {
			refuse(ctx, code);
			return z.NEVER;
		}
		return value as T;
	});

/** YYYY-MM-DD in the documented years. */
export const day = fromProblem<string>((v) => dayProblem(v));
export const month = fromProblem<string>(monthProblem);
export const halfYear = fromProblem<`${number}-H${1 | 2}`>(halfYearProblem);

/** Adds the period's field errors (periodErrors) to an object schema with `from` and `to` days. */
export function checkPeriod(p: { from?: unknown; to?: unknown }, ctx: z.RefinementCtx, maxMonths?: number): void {
	for (const [field, code] of Object.entries(periodErrors(p.from, p.to, maxMonths))) refuse(ctx, code, undefined, [field]);
}

export const phone = z.unknown().transform((value, ctx) => {
	const code = phoneProblem(value);
	if (code) {
		refuse(ctx, code);
		return z.NEVER;
	}
	return normalisePhone((value as string).trim());
});

export const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
/** Ids of the directory; a station's is also part of its documents' names (the relay's rule). */
export const id = z.string().regex(ID_PATTERN);

export const signIn = z.object({ phone, password: z.string().min(1).max(PASSWORD_MAX) });
export const refresh = z.object({ refresh: z.string().min(20).max(200) });
export const street = z.object({ name: line(TEXT_LIMITS.name) });
export const newStation = z.object({ id: id.optional(), name: line(TEXT_LIMITS.name), streetId: id, kind: z.enum(STATION_KINDS) });
export const stationPatch = z.object({ name: line(TEXT_LIMITS.name), streetId: id, kind: z.enum(STATION_KINDS) }).partial();
export const newPerson = z.object({
	phone,
	name: line(TEXT_LIMITS.name),
	role: z.enum(PERSON_ROLES),
	unit: optionalLine(TEXT_LIMITS.unit).optional(),
	position: optionalLine(TEXT_LIMITS.unit).optional(),
	password
});
export const personPatch = z
	.object({
		name: line(TEXT_LIMITS.name),
		role: z.enum(PERSON_ROLES),
		unit: optionalLine(TEXT_LIMITS.unit),
		position: optionalLine(TEXT_LIMITS.unit),
		disabled: z.boolean()
	})
	.partial();
export const newPassword = z.object({ password });
export const teamRole = z.object({ role: z.enum(STATION_ROLES) });

/** Field → code of a refused input, as the API answers it (`fields` of a 400). */
export function fieldCodes(error: z.ZodError, input: unknown): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || '_';
		const shared = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
		if (shared) {
			fields[key] ??= shared;
			continue;
		}
		const given = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
		const empty = given === undefined || given === null || (typeof given === 'string' && !given.trim());
		fields[key] ??= empty ? 'required' : issue.code === 'too_big' ? 'too-long' : issue.code === 'too_small' ? 'too-short' : 'invalid';
	}
	return fields;
}

/** The limit a refusal is about, for a message ("at most 60 characters"), if it has one. */
export function issueLimit(error: z.ZodError, field: string): number | undefined {
	const issue = error.issues.find((i) => (i.path.join('.') || '_') === field);
	if (!issue) return undefined;
	if (issue.code === 'custom') return (issue.params as { limit?: number } | undefined)?.limit;
	if (issue.code === 'too_big' || issue.code === 'too_small') return Number((issue as { maximum?: unknown; minimum?: unknown }).maximum ?? (issue as { minimum?: unknown }).minimum);
	return undefined;
}
