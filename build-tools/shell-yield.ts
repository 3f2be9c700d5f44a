// A build-time change to SvelteKit 2's client (issue 11): the app shell's module evaluation in
// three tasks instead of one. The shell chunk (boot-chunks.ts) is evaluated as one task once it
// has loaded: 55–80 ms at CPU ×4 in traces (bench:board), during which the phone answers no tap.
// A module's top-level await ends the task it runs in; what follows it in the chunk is evaluated
// in a later one. Two such pauses split the chunk where it splits by its own structure:
// - here, SvelteKit's client imports one right after Svelte, whose runtime is evaluated first (in
//   traces about half of the evaluation, SvelteKit's modules and the app's the other half);
// - the root layout imports src/lib/boot-yield.ts first, before the app's own modules (a quarter).
// The build fails if SvelteKit's import of Svelte is not found (an upgrade): see then whether the
// split is still where it was (bench/board-issue-11.md, forty-fifth step).
import type { Plugin } from 'vite';
import { dependencyPatch, replaceOnce } from './dependency-patch.ts';

const CLIENT = /[\\/]node_modules[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]client[\\/]client\.js$/;
export const FROM = "import * as svelte from 'svelte';\n";
const PAUSE = 'yixian:pause-after-svelte';
/** A task's end in the browser; nothing on the server (SvelteKit's client is imported there too). */
export const PAUSE_CODE = "if (typeof window !== 'undefined') await new Promise((resolve) => setTimeout(resolve, 0));\nexport {};\n";

export function shellYield(): Plugin {
	return {
		// On the import's own line: the lines below keep their numbers (no source map is made).
		...dependencyPatch('shell-yield', CLIENT, (code) =>
			replaceOnce(code, FROM, `${FROM.trimEnd()} import '${PAUSE}';\n`, "shell-yield: SvelteKit's client no longer imports svelte as it did")
		),
		resolveId: (id) => (id === PAUSE ? `\0${PAUSE}` : null),
		load: (id) => (id === `\0${PAUSE}` ? PAUSE_CODE : null)
	};
}
