// What the build's fixes to a dependency's code share (yjs-exact-arrays.ts, lib0-short-strings.ts):
// one exact piece of a file replaced, and the build failing when that piece is not there exactly
// once, so that an upgrade of the dependency has the fix looked at again.
import type { Plugin } from 'vite';

/** `code` with `from` replaced by `to`; throws `notFound` unless `from` is there exactly once. */
export function replaceOnce(code: string, from: string, to: string, notFound: string): string {
	const at = code.indexOf(from);
	if (at < 0 || code.indexOf(from, at + 1) >= 0) throw new Error(notFound);
	return code.slice(0, at) + to + code.slice(at + from.length);
}

/** A Vite plugin that runs `patch` on the source of each module whose path matches `file`. */
export function dependencyPatch(name: string, file: RegExp, patch: (code: string) => string): Plugin {
	return {
		name: `yixian:${name}`,
		enforce: 'pre',
		transform(code, id) {
			if (!file.test(id.split('?')[0])) return null;
			return { code: patch(code), map: null };
		}
	};
}
