// For unit specs that run in Node: a localStorage backed by a Map, installed and removed around
// each test, and a way to read what is kept under a key.
import { afterEach, beforeEach } from 'vitest';

/** Installs a fresh localStorage before each test of the calling spec; returns its backing map. */
export function stubLocalStorage(): Map<string, string> {
	const store = new Map<string, string>();
	beforeEach(() => {
		store.clear();
		(globalThis as { localStorage?: unknown }).localStorage = {
			getItem: (k: string) => store.get(k) ?? null,
			setItem: (k: string, v: string) => void store.set(k, String(v)),
			removeItem: (k: string) => void store.delete(k)
		};
	});
	afterEach(() => {
		delete (globalThis as { localStorage?: unknown }).localStorage;
	});
	return store;
}
