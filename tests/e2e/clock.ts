// Specs whose behaviour depends on the calendar (a duty day on the 10th, a dispatch meeting on the
// 25th) run at a fixed instant, so they pass on every day of the year: their server starts with
// YIXIAN_TEST_NOW (server/clock.ts) and their browser contexts get Playwright's clock at the same
// instant. Both clocks keep running from there, so timestamps still order events.
import { test, type BrowserContext } from '@playwright/test';

/** Spec name (file without .spec.ts) → the instant its world starts at. */
export const worldClocks: Record<string, string> = {
	// The 10th: the calendar's default duty day; noon in Shanghai, the same day in UTC.
	'files-stats': '2026-06-10T04:00:00.000Z',
	// The server's clock only: the history shows the server's received time, not the phone's.
	history: '2026-04-20T02:00:00.000Z',
	// The 25th (the dispatch meeting), 10:00 in Shanghai: the duty day of the month was the 10th.
	'service-referral': '2026-06-25T02:00:00.000Z'
};

/** The running spec's fixed instant, if it has one (call inside a test or hook). */
export const worldNow = (): string | undefined => test.info().project.metadata.now as string | undefined;

/** Moves a browser context's clock to the spec's instant (before any page opens). */
export async function clockedContext(context: BrowserContext): Promise<BrowserContext> {
	const now = worldNow();
	if (now) await context.clock.setSystemTime(new Date(now));
	return context;
}
