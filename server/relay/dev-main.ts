// Runs the relay alone on an http server (tests spawn it to SIGKILL it; handy for manual tries).
//   PORT (default 0: any free port), RELAY_DATA_FILE (default ./data/relay.sqlite), YIXIAN_DATABASE_URL
// Prints "relay listening on <port>" once it accepts connections.
import { createServer } from 'node:http';
import { attachRelay } from './relay.js';

const server = createServer((_request, response) => response.writeHead(404).end());
// YIXIAN_DATABASE_URL=postgres://… keeps the update log in PostgreSQL instead.
const relay = attachRelay(server, { dataFile: process.env.RELAY_DATA_FILE ?? 'data/relay.sqlite', databaseUrl: process.env.YIXIAN_DATABASE_URL || undefined });
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	const address = server.address();
	console.log(`relay listening on ${typeof address === 'object' && address ? address.port : address}`);
});

const shutdown = async () => {
	await relay.close();
	server.close(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
