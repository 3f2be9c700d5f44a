// Drives the fuzz server (fuzz-server.ts) from the test process: starts it, sends requests that
// cannot hang the run (every one has a deadline), tells whether the server is still well, and
// starts a fresh one when a case killed or hung it, so one defect does not hide the others.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequestRaw, validateHeaderName, validateHeaderValue, type OutgoingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { FuzzWorld } from './fuzz-server';
import { FORGED_FRAME } from './generators';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Cases per property: bounded in `npm test`, more with FUZZ_RUNS (README, "Tests"). */
export const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 50);
/** One request's deadline: far above any honest answer of the fuzz world, far below the run's. */
export const REQUEST_TIMEOUT_MS = Number(process.env.FUZZ_REQUEST_TIMEOUT_MS) || 10_000;
/** How much the server's resident memory may grow over its first measure during a run. */
export const MAX_RSS_GROWTH_MB = Number(process.env.FUZZ_MAX_RSS_GROWTH_MB) || 256;

export interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export class TimedOut extends Error {}

/**
 * A stack trace or a source path in what a client reads: the server told more than it should.
 * What the client sent itself (`sent`: a forged stack line in a text field, echoed back) is not,
 * nor the fuzz's own forged frame that an earlier case stored and this one reads back.
 */
export function leaksInternals(body: string, sent = ''): string | null {
	const patterns = [
		/\n\s+at (?:[^\n(]+ \()?(?:file:\/\/|\/|node:)[^\n)]*:\d+:\d+/, // a V8 stack frame
		/\bat [\w.<>$]+ \((?:file:\/\/|\/|node:)[^)]*:\d+:\d+\)/,
		/(?:Error|Exception):[^\n]*(?:\/[\w.-]+){2,}\.(?:ts|js|mjs|cjs)\b/, // an error naming a source file
		/node:internal\//,
		/\/node_modules\//,
		/SqliteError|SQLITE_[A-Z]+/
	];
	for (const p of patterns) {
		const m = p.exec(body);
		if (m && !sent.includes(m[0]) && !FORGED_FRAME.includes(m[0].trim())) return m[0].slice(0, 200);
	}
	return null;
}

/** Headers node:http would refuse to send are dropped: the fuzz is about the server, not the client. */
export function sendable(headers: Record<string, string>): OutgoingHttpHeaders {
	const out: OutgoingHttpHeaders = {};
	for (const [name, value] of Object.entries(headers)) {
		try {
			validateHeaderName(name);
			validateHeaderValue(name, value);
			out[name] = value;
		} catch {
			/* not sendable */
		}
	}
	return out;
}

export interface RequestOptions {
	headers?: Record<string, string>;
	body?: string | Buffer;
	timeoutMs?: number;
}

/** One HTTP request as sent (no normalising of the target or the headers), with a deadline. */
export function httpRequest(base: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
	const url = new URL(base);
	const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
	return new Promise<Answer>((resolve, reject) => {
		const req = httpRequestRaw({ host: url.hostname, port: url.port, method, path, headers: sendable(options.headers ?? {}), agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				clearTimeout(timer);
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
			});
			res.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
		});
		const timer = setTimeout(() => {
			req.destroy();
			reject(new TimedOut(`no answer to ${method} ${path.slice(0, 200)} in ${timeoutMs} ms`));
		}, timeoutMs);
		req.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		req.end(options.body);
	});
}

export class FuzzServer {
	private child: ChildProcess | null = null;
	private stderr = '';
	private baselineRss = 0;
	private dead = '';
	world!: FuzzWorld;
	/** How many fresh servers were started because a case took the previous one down. */
	restarts = 0;
	peakRssGrowthMb = 0;

	constructor(private env: Record<string, string> = {}) {}

	async start(): Promise<void> {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/fuzz/fuzz-server.ts'], {
			cwd: root,
			env: { ...process.env, FUZZ_SERVER_ENV: JSON.stringify(this.env) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child = child;
		this.dead = '';
		this.stderr = '';
		child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-8000)));
		// Only this server's exit counts: a killed predecessor's may arrive after this one started.
		child.on('exit', (code, signal) => {
			if (this.child === child) this.dead ||= `server exited (${code ?? signal})`;
		});
		this.world = await new Promise<FuzzWorld>((resolve, reject) => {
			let out = '';
			const timer = setTimeout(() => reject(new Error(`fuzz server did not start in 60 s\n${this.stderr}`)), 60_000);
			child.stdout!.on('data', (d: Buffer) => {
				out += d.toString();
				const line = /FUZZ-WORLD (.*)\n/.exec(out);
				if (line) {
					clearTimeout(timer);
					child.stdout!.removeAllListeners('data');
					child.stdout!.resume(); // the relay logs to stdout: keep draining it
					resolve(JSON.parse(line[1]));
				}
			});
			child.on('exit', () => reject(new Error(`fuzz server exited while starting\n${this.stderr}`)));
		});
		this.baselineRss = this.rssMb();
	}

	/** Starts a fresh server when the last case left this one dead or hung. */
	async ensureUp(): Promise<void> {
		if (this.child && !this.dead) return;
		this.kill();
		this.restarts++;
		await this.start();
	}

	kill(): void {
		if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
		this.child = null;
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
		this.child = null;
	}

	/** The last lines the server wrote to stderr (its own logs of a failure). */
	stderrTail(lines = 15): string {
		return this.stderr.split('\n').slice(-lines).join('\n');
	}

	rssMb(): number {
		if (!this.child?.pid) return 0;
		try {
			const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
		} catch {
			return 0;
		}
	}

	/** One HTTP request with a deadline; TimedOut when the server did not answer in time. */
	request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
		return httpRequest(this.world.base, method, path, options);
	}

	/**
	 * The server is well: its process lives, a cheap API call answers in time, its memory has not
	 * grown past the bound. Returns what is wrong, or null. A hung server is killed here.
	 */
	async unwell(): Promise<string | null> {
		if (this.dead) return this.dead;
		try {
			const health = await this.request('GET', '/api/me', { timeoutMs: Math.min(REQUEST_TIMEOUT_MS, 5000) });
			if (health.status !== 401) return `health call answered ${health.status}`;
		} catch (error) {
			this.dead = `server does not answer: ${(error as Error).message}`;
			this.kill();
			return this.dead;
		}
		const growth = this.rssMb() - this.baselineRss;
		this.peakRssGrowthMb = Math.max(this.peakRssGrowthMb, growth);
		if (growth > MAX_RSS_GROWTH_MB) return `server memory grew by ${growth.toFixed(0)} MB (bound ${MAX_RSS_GROWTH_MB} MB)`;
		return null;
	}
}

/** Counts cases per property for the summary line printed at the end of each fuzz spec file. */
export class CaseCounter {
	private counts = new Map<string, number>();
	hit(property: string): void {
		this.counts.set(property, (this.counts.get(property) ?? 0) + 1);
	}
	summary(title: string): string {
		const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
		const lines = [...this.counts].map(([p, n]) => `  ${String(n).padStart(6)}  ${p}`);
		return `${title}: ${total} cases over ${this.counts.size} properties (FUZZ_RUNS=${RUNS})\n${lines.join('\n')}`;
	}
}

/**
 * fast-check's settings for every fuzz property. A failing run stops at its first counterexample
 * (a hung server makes shrinking slow); FUZZ_SHRINK=1 shrinks it. fast-check prints the seed and
 * path of a failure: FUZZ_SEED=<seed> FUZZ_PATH=<path> replays it.
 */
export function fcOptions(): { numRuns: number; endOnFailure: boolean; seed?: number; path?: string } {
	return {
		numRuns: RUNS,
		endOnFailure: !process.env.FUZZ_SHRINK,
		...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
		...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {})
	};
}

/** A test's time limit for a property of RUNS cases, each allowed `perCaseMs`. */
export const timeLimit = (perCaseMs: number) => 60_000 + RUNS * perCaseMs;
