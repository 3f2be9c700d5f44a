// A test-only TCP load balancer for the failover spec when HAProxy is not installed: each new
// connection goes to the next backend in turn; a backend refusing the connection is skipped.
// Websocket connections are long-lived TCP streams, so a plain TCP proxy is all a balancer does
// for them (HAProxy in `mode tcp`, or `mode http` with its upgrade support, does the same).
import { connect, createServer, type Server, type Socket } from 'node:net';

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
