// A plain copy of what a view hands to the documents' worker: a form's fields may be Svelte state
// (proxies), which postMessage cannot clone.
export const snapshot = <T>(value: T): T => $state.snapshot(value) as T;
