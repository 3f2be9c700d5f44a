// The running spec's own server, set up the way an operator would: `npm run admin` on its data directory.
import { execFileSync } from 'node:child_process';
import { dataDir } from './chromium';
import { worldNow } from './clock';

/** Runs `npm run admin -- …args` against this spec's server; returns what it printed. */
export function admin(...args: string[]): string {
	return execFileSync('npx', ['tsx', 'server/admin.ts', ...args], {
		// A spec on a fixed day stamps what the command records (assignments) with that day too.
		env: { ...process.env, YIXIAN_DATA_DIR: dataDir(), ...(worldNow() ? { NODE_ENV: 'test', YIXIAN_TEST_NOW: worldNow() } : {}) },
		encoding: 'utf8',
		stdio: 'pipe'
	});
}
