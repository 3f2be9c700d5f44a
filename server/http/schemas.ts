// What the API accepts. Phone numbers are normalised (spaces and dashes dropped) before checking.
import { z } from 'zod';
import { STATION_KINDS } from '../../src/lib/domain/station';
import { PASSWORD_MAX, PASSWORD_MIN } from '../accounts/passwords';
import { PERSON_ROLES, STATION_ROLES } from '../accounts/rights';

const text = (max: number) => z.string().trim().min(1).max(max);
export const phone = z
	.string()
	.transform((s) => s.replace(/[\s-]/g, ''))
	.pipe(z.string().regex(/^\+?[0-9]{5,20}$/));
export const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
const id = z.string().regex(/^[0-9a-z]{6,32}$/);

export const signIn = z.object({ phone, password: z.string().min(1).max(PASSWORD_MAX) });
export const refresh = z.object({ refresh: z.string().min(20).max(200) });
export const street = z.object({ name: text(60) });
export const newStation = z.object({ id: id.optional(), name: text(60), streetId: id, kind: z.enum(STATION_KINDS) });
export const stationPatch = z.object({ name: text(60), streetId: id, kind: z.enum(STATION_KINDS) }).partial();
export const newPerson = z.object({
	phone,
	name: text(60),
	role: z.enum(PERSON_ROLES),
	unit: z.string().trim().max(100).optional(),
	position: z.string().trim().max(100).optional(),
	password
});
export const personPatch = z
	.object({
		name: text(60),
		role: z.enum(PERSON_ROLES),
		unit: z.string().trim().max(100),
		position: z.string().trim().max(100),
		disabled: z.boolean()
	})
	.partial();
export const newPassword = z.object({ password });
export const teamRole = z.object({ role: z.enum(STATION_ROLES) });
