// An init script for specs: when Yjs's module is evaluated in the page (not in a worker), read back
// with `yjsEvaluatedAt` (performance.now(), null before). Yjs sets this global as it is evaluated.
import type { Page } from '@playwright/test';

export function clockYjs() {
	const w = window as unknown as { yjsAt?: number };
	let value: unknown;
	Object.defineProperty(globalThis, '__ $YJS$ __', {
		configurable: true,
		get: () => value,
		set: (v: unknown) => ((w.yjsAt ??= performance.now()), (value = v))
	});
}

export const yjsEvaluatedAt = (page: Page) => page.evaluate(() => (window as unknown as { yjsAt?: number }).yjsAt ?? null);
