// Several processes on one data directory only as one cluster (issue 12): a lone second server
// would serve its own copy of the open documents, unseen by the first one's clients.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LOCK_FILE, secondServerRefusal } from '../ops/server-lock';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('refuses a second server on a served data directory unless both are joined through Redis', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'yixian-cluster-dir-'));
	dirs.push(dir);
	expect(secondServerRefusal(dir, false)).toBeNull(); // nobody serves it
	// Another live process marked it as served (no start time: believed while the pid lives).
	const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
	try {
		writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, started: '' }));
		expect(secondServerRefusal(dir, false)).toMatch(`Another server (pid ${other.pid}) is serving`);
		expect(secondServerRefusal(dir, true)).toBeNull();
	} finally {
		other.kill('SIGKILL');
		await new Promise((resolve) => other.once('exit', resolve));
	}
	expect(secondServerRefusal(dir, false)).toBeNull(); // a stale mark does not count
});
