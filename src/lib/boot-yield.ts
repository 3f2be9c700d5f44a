// The end of a task between SvelteKit's modules and the app's own as the app shell's chunk is
// evaluated (issue 11): the root layout imports this module first, so the bundler places it before
// the app's modules, and its top-level await lets the phone answer a tap before they are evaluated
// (build-tools/shell-yield.ts has the whole split, and its other pause, after Svelte's runtime).
// On the server it does nothing.
if (typeof window !== 'undefined') await new Promise<void>((resolve) => setTimeout(resolve, 0));

export {};
