// The admin command line (issue 7): a mistake on the command line is a one-line message and a
// non-zero exit, never a stack trace; it refuses what the API refuses, in the same words.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir = '';
const adminWith = (env: NodeJS.ProcessEnv, ...args: string[]) => {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/admin.ts', ...args], { env: { ...process.env, YIXIAN_DATA_DIR: dir, ...env }, encoding: 'utf8' });
	return { status: r.status, out: r.stdout, err: r.stderr };
};
const admin = (...args: string[]) => adminWith({}, ...args);
/** A refusal: non-zero, the message on stderr's first line, no stack. */
const refused = (r: ReturnType<typeof admin>, message: string | RegExp) => {
	expect(r.status).not.toBe(0);
	expect(r.err.split('\n')[0]).toMatch(message);
	expect(r.err).not.toMatch(/\n\s+at /);
	expect(r.err).not.toMatch(/node:internal|TypeError|Error \[ERR_/);
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'yixian-admin-'));
	expect(admin('street', 'add', '--name', '东关街道').status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each case starts a Node process with tsx: seconds on a busy machine.
describe('the admin command line', { timeout: 60_000 }, () => {
	it('answers an unknown option or an option without a value with a usage line', () => {
		refused(admin('street', 'add', '--nmae', 'x'), /^admin: unknown option '--nmae'/);
		refused(admin('street', 'add', '--name'), /^admin: option '--name' needs a value/);
	});

	it('refuses words after a command instead of ignoring them, and does nothing', () => {
		refused(admin('street', 'add', '--name', '北关街道', 'extra', 'junk'), /^admin: unexpected argument 'extra' \(npm run admin lists the commands\)$/);
		expect(admin('street', 'list').out).not.toContain('北关街道');
	});

	it('refuses blank and 300-character names as the API does', () => {
		refused(admin('street', 'add', '--name', '   '), /^admin: --name is required$/);
		refused(admin('street', 'add', '--name', 'x'.repeat(300)), /^admin: --name is too long \(at most 60 characters\)$/);
		refused(admin('person', 'add', '--role', 'member', '--phone', '13800000001', '--name', ' '), /^admin: --name is required$/);
		refused(admin('street', 'add', '--name', 'a\u0007b'), /^admin: --name must not contain control characters$/);
	});

	it('refuses a station id the relay would refuse', () => {
		refused(admin('station', 'add', '--name', '幸福社区', '--street', '东关街道', '--id', 'BAD ID!'), /^admin: --id is not valid/);
		expect(admin('station', 'list').out).not.toContain('BAD ID!');
	});

	it('still does its work with good input', () => {
		const made = admin('station', 'add', '--name', '幸福社区', '--street', '东关街道', '--id', 'abcdef123456');
		expect(made.status).toBe(0);
		expect(made.out).toContain('abcdef123456');
		refused(admin('team', 'add', '--station', 'abcdef123456', '--phone', '13800000009', '--role', 'cadre'), /^admin: no person with phone 13800000009$/);
	});

	it('refuses a backup or a restore of the SQLite file when the server stores its data in PostgreSQL', () => {
		// The file is not the district's data then: "backup written" would have been a backup of nothing.
		const onPostgres = { YIXIAN_DATABASE_URL: 'postgres://127.0.0.1:5432/test' };
		const file = join(dir, 'copy.db');
		refused(adminWith(onPostgres, 'backup', '--to', file), /^admin: this server keeps its data in PostgreSQL \(YIXIAN_DATABASE_URL\): back it up with pg_dump/);
		expect(existsSync(file)).toBe(false);
		refused(adminWith(onPostgres, 'restore', '--from', file), /^admin: this server keeps its data in PostgreSQL \(YIXIAN_DATABASE_URL\): restore it with pg_restore/);
	});
});
