// V8's explicit compile hint on every chunk of the browser's build (issue 11, bench/board-issue-11.md,
// twenty-second step). Left to itself V8 compiles a module's functions lazily, on the main thread,
// the first time each one is called: a start of the app compiled some 870 functions that way
// (52–67 ms of main thread at CPU ×1, before any slow-down), on every start (V8's code cache keeps
// only what ran while the modules were evaluated, not what the app's start calls afterwards). With
// the magic comment `//# allFunctionsCalledOnLoad` first in a file, Chromium 136+ compiles all of
// its functions on a background thread while the file streams in: 24 compiled on the main thread.
// Other browsers read it as a comment. Added once the chunks are minified (the minifier drops
// comments) and Vite's preload table is put first, with each chunk's source map moved a line down.
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

interface Output {
	type: 'chunk' | 'asset';
	fileName: string;
	code?: string;
	source?: string | Uint8Array;
	map?: { mappings: string } | null;
}

/** The hint first in each chunk of `bundle`, and its source map (object and file) a line down. */
function hint(bundle: Record<string, Output>): void {
	for (const output of Object.values(bundle)) {
		if (output.type !== 'chunk' || output.code === undefined) continue;
		output.code = `${COMPILE_HINT}\n${output.code}`;
		if (output.map) output.map.mappings = `;${output.map.mappings}`;
		const mapFile = bundle[`${output.fileName}.map`];
		if (mapFile?.type === 'asset' && typeof mapFile.source === 'string') {
			const map = JSON.parse(mapFile.source) as { mappings: string };
			map.mappings = `;${map.mappings}`;
			mapFile.source = JSON.stringify(map);
		}
	}
}

export function compileHints(): Plugin {
	return {
		name: 'yixian-compile-hints',
		apply: 'build',
		// After every other plugin's: Vite's own puts its preload helper's table first in a chunk there.
		generateBundle: {
			order: 'post',
			handler(_options, bundle) {
				if ((this as { environment?: { name?: string } }).environment?.name === 'client') hint(bundle as Record<string, Output>);
			}
		}
	};
}
