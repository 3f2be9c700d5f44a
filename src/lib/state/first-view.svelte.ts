// A page's hold on the app's background work (perf.ts, holdBackground), for a component: taken as
// it is created, released once `done()` holds or when it goes.
import { holdBackground } from '$lib/perf';

/** Call while a component is being created (it sets up effects). */
export function holdBackgroundUntil(done: () => boolean): void {
	const release = holdBackground();
	$effect(() => release);
	$effect(() => {
		if (done()) release();
	});
}
