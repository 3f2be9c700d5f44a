// A view's value that the documents' worker answers (issue 11: the page holds no list of every
// entry; it asks for what it shows): asked in an effect of the view, again whenever what the ask
// reads changes (a board's `changes`, its categories), the latest answer kept, one for an ask since
// replaced or for a view since gone dropped.
export function workerAnswer<T, I = T>(ask: () => Promise<T> | null, initial: I): { readonly current: T | I } {
	let current = $state.raw<T | I>(initial);
	$effect(() => {
		const pending = ask();
		if (!pending) return;
		let gone = false;
		void pending.then((value) => {
			if (!gone) current = value;
		});
		return () => {
			gone = true;
		};
	});
	return {
		get current() {
			return current;
		}
	};
}
