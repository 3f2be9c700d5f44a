// "Today" for overdue and monthly figures. It ticks every minute so a list left open past
// midnight marks entries overdue without a reload.
import { toIsoDate } from '$lib/domain/dates';
import { createSubscriber } from 'svelte/reactivity';

class Clock {
	#track = createSubscriber((update) => {
		const timer = setInterval(update, 60_000);
		return () => clearInterval(timer);
	});

	get today(): string {
		this.#track();
		return toIsoDate(Date.now());
	}

	get month(): string {
		return this.today.slice(0, 7);
	}
}

export const clock = new Clock();
