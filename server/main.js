// The one Node process: serves the built app (and, with the relay, the websocket sync endpoint).
//   PORT (default 3000), HOST (default 0.0.0.0)
import { createServer } from 'node:http';
import { handler } from '../build/handler.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';

const server = createServer(handler);
server.listen(port, host, () => console.log(`Yixian is serving on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`));

function shutdown(signal) {
	console.log(`${signal}: closing`);
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
