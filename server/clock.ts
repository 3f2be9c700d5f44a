// The server's idea of "now" and "today". Production reads the system clock. Tests that depend on
// the calendar (a duty day on the 10th, a dispatch meeting on the 25th) start the server with
// YIXIAN_TEST_NOW so they run the same on every day of the year; it is honoured only when
// NODE_ENV is "test", so a stray variable on a real server cannot move its calendar.
import { toIsoDate } from '../src/lib/domain/dates';

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** The calendar day in the server's time zone, YYYY-MM-DD. */
	today(): string;
}

export const systemClock: Clock = { now: () => Date.now(), today: () => toIsoDate(Date.now()) };

/** A clock that starts at `start` and then runs at real speed (so timestamps still order events). */
export function shiftedClock(start: number, real: () => number = Date.now): Clock {
	const offset = start - real();
	const now = () => real() + offset;
	return { now, today: () => toIsoDate(now()) };
}

type Env = Record<string, string | undefined>;

/** The system clock, or the test clock YIXIAN_TEST_NOW (an ISO 8601 instant) names in test mode. */
export function clockFrom(env: Env): Clock {
	const wanted = env.YIXIAN_TEST_NOW;
	if (!wanted) return systemClock;
	if (env.NODE_ENV !== 'test') {
		console.warn('YIXIAN_TEST_NOW is ignored: it is read only when NODE_ENV=test');
		return systemClock;
	}
	const start = Date.parse(wanted);
	if (Number.isNaN(start)) throw new Error(`YIXIAN_TEST_NOW is not an ISO 8601 instant: ${wanted}`);
	return shiftedClock(start);
}
