// Installing the app to the home screen. Chromium offers it through `beforeinstallprompt`, which
// fires once, early, and only if the page keeps the event: so it is caught as soon as the app
// starts, and the button calls its prompt() later. Safari on iOS has no such event: there the
// app says how (share → 添加到主屏幕).
interface InstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

class Install {
	#event = $state<InstallPromptEvent | null>(null);
	#installed = $state(false);

	constructor() {
		if (typeof window === 'undefined') return;
		this.#installed = window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
		window.addEventListener('beforeinstallprompt', (e) => {
			e.preventDefault();
			this.#event = e as InstallPromptEvent;
		});
		window.addEventListener('appinstalled', () => {
			this.#installed = true;
			this.#event = null;
		});
	}

	/** Already running from the home screen: nothing to offer. */
	get installed(): boolean {
		return this.#installed;
	}

	/** The browser can install it with one tap. */
	get canPrompt(): boolean {
		return this.#event !== null;
	}

	/** The iPhone's and iPad's browsers: install only through the share sheet. */
	get isIos(): boolean {
		return typeof navigator !== 'undefined' && /iPad|iPhone|iPod/.test(navigator.userAgent);
	}

	async prompt(): Promise<void> {
		const e = this.#event;
		if (!e) return;
		this.#event = null;
		await e.prompt();
		if ((await e.userChoice).outcome === 'accepted') this.#installed = true;
	}
}

export const install = new Install();
