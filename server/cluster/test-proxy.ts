// Load balancers for the failover spec: HAProxy from Debian's package when installed, else a
// test-only TCP load balancer: each new
// connection goes to the next backend in turn; a backend refusing the connection is skipped.
// Websocket connections are long-lived TCP streams, so a plain TCP proxy is all a balancer does
// for them (HAProxy in `mode tcp`, or `mode http` with its upgrade support, does the same).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

export interface TestBalancer {
	readonly port: number;
	close(): Promise<void>;
}

export async function startBalancer(backends: number[], port = 0): Promise<TestBalancer> {
	let turn = 0;
	const open = new Set<Socket>();
	const pick = (client: Socket, tries: number) => {
		if (tries >= backends.length) return client.destroy();
		const backend = connect(backends[turn++ % backends.length], '127.0.0.1');
		let connected = false;
		backend.once('connect', () => {
			connected = true;
			open.add(backend);
			client.pipe(backend).pipe(client);
			client.resume();
		});
		backend.on('error', () => {
			if (!connected) pick(client, tries + 1);
		});
		backend.once('close', () => {
			open.delete(backend);
			if (connected) client.destroy();
		});
		client.once('close', () => connected && backend.destroy());
	};
	const server: Server = createServer({ pauseOnConnect: true }, (client) => {
		open.add(client);
		client.on('error', () => {});
		client.once('close', () => open.delete(client));
		pick(client, 0);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		port: (server.address() as { port: number }).port,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of open) s.destroy();
				server.close(() => resolve());
			})
	};
}

/** The haproxy binary from Debian's package, if installed (`apt-get install haproxy`). */
export function haproxyPath(): string | null {
	for (const path of ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy']) if (existsSync(path)) return path;
	return null;
}

/**
 * A real HAProxy in front of the processes, configured as docs/deploy.md shows ("Many
 * machines"): round robin, a TCP check every 500 ms, a failed connect re-dispatched elsewhere.
 */
export async function startHaproxy(binary: string, backends: number[], port: number, dir: string): Promise<TestBalancer> {
	const config = join(dir, 'haproxy.cfg');
	writeFileSync(
		config,
		[
			'global',
			'  maxconn 2000',
			'defaults',
			'  mode http',
			'  timeout connect 1s',
			'  timeout client 60s',
			'  timeout server 60s',
			'  timeout tunnel 1h',
			'  retries 3',
			'  option redispatch',
			'frontend yixian',
			`  bind 127.0.0.1:${port}`,
			'  default_backend servers',
			'backend servers',
			'  balance roundrobin',
			...backends.map((p, i) => `  server s${i + 1} 127.0.0.1:${p} check inter 500 fall 1 rise 2`),
			''
		].join('\n')
	);
	const child = spawn(binary, ['-f', config, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	// Listening once a connection to its port is accepted.
	const deadline = Date.now() + 10_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`haproxy exited:\n${output}`);
		const up = await new Promise<boolean>((resolve) => {
			const probe = connect(port, '127.0.0.1', () => {
				probe.destroy();
				resolve(true);
			});
			probe.once('error', () => resolve(false));
		});
		if (up) break;
		if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${port}:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return {
		port,
		async close() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
}
