// The mark a running server leaves in its data directory, so `admin restore` does not swap the
// database under it. A SIGKILLed server cannot remove its mark, so the mark is only believed while
// the process it names is alive and is the same process (its start time on Linux: pids get reused).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'server.pid';

interface Mark {
	pid: number;
	/** The process' start time in clock ticks since boot (Linux), '' where /proc is not there. */
	started: string;
}

function startTime(pid: number): string {
	try {
		// Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count after its ')'.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
	} catch {
		return '';
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it exists, under another user.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Marks the data directory as served by this process; the returned function removes the mark. */
export function markServing(dataDir: string): () => void {
	const file = join(dataDir, LOCK_FILE);
	const mark: Mark = { pid: process.pid, started: startTime(process.pid) };
	writeFileSync(file, JSON.stringify(mark) + '\n', { mode: 0o600 });
	return () => {
		// Another server started on the same directory since may have replaced the mark: leave theirs.
		if (servingPid(dataDir) === process.pid) rmSync(file, { force: true });
	};
}

/** The pid of the live server process marked in the data directory, or null (none, or a stale mark). */
export function servingPid(dataDir: string): number | null {
	let mark: Mark;
	try {
		mark = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'));
	} catch {
		return null;
	}
	if (!Number.isInteger(mark?.pid) || mark.pid <= 0 || !alive(mark.pid)) return null;
	const now = startTime(mark.pid);
	if (mark.started && now && now !== mark.started) return null;
	return mark.pid;
}

/**
 * Why this process must not serve `dataDir`, or null: another live server serves it and this one
 * is not joined to it through Redis (two lone servers would each hold their own copy of the open
 * documents). Several processes of one cluster may share it (docs/deploy.md, "Many machines").
 */
export function secondServerRefusal(dataDir: string, clustered: boolean): string | null {
	const other = servingPid(dataDir);
	if (other === null || other === process.pid || clustered) return null;
	return `Another server (pid ${other}) is serving ${dataDir}: stop it first, or run both with YIXIAN_REDIS_URL (docs/deploy.md, "Many machines").`;
}
