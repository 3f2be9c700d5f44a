/**
 * Called by SvelteKit's router as it starts, before it reads the address: from here on, a tap on a
 * row of the frame src/boot-frame.js painted is left to the router (window.__yxBootTap), since the
 * frame changing the address now would change it under the router's first navigation (boot-frame.ts).
 *
 * It then ends the task (issue 11): SvelteKit's start runs in the task that evaluated the app's last
 * modules, and its route table and first navigation after them made that task one of a load's
 * longest at CPU ×4 (bench/board-issue-11.md, fifty-fourth step). A tap on the frame in between is
 * answered at once.
 */
export async function init(): Promise<void> {
	(window as { __yxBootLate?: boolean }).__yxBootLate = true;
	await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
