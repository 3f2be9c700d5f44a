// Helpers for the document-rules specs: a relay on a real SQLite file that applies the rules, and
// stock y-websocket clients that note every close code; both are torn down after each test.
import { afterEach } from 'vitest';
import { connectClient, startRelay, tempDataFile, type RunningRelay } from '../relay/test-kit';
import { rulesFor } from './doc-rules';

/** Call once at a spec's top level: its relays and clients last one test each. */
export function rulesRelayKit() {
	const cleanups: (() => unknown)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
	});

	async function relay(): Promise<RunningRelay> {
		const { file, cleanup } = tempDataFile();
		const running = await startRelay({ dataFile: file, rules: rulesFor });
		cleanups.push(cleanup, () => running.stop());
		return running;
	}

	function client(url: string, docName: string) {
		const c = connectClient(url, docName);
		const closes: number[] = [];
		c.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
		cleanups.push(() => c.provider.destroy());
		return { ...c, closes };
	}

	return { relay, client };
}
