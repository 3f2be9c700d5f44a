// server/main.ts without the built SvelteKit pages: the API and the sync relay only. For the
// cluster specs when the app is not built (the unit tests run before the build in scripts/test.sh).
import { loadConfig } from '../config';
import { createApp } from '../app';
import { secondServerRefusal } from '../ops/server-lock';

const config = loadConfig();
const refusal = secondServerRefusal(config.dataDir, !!config.redisUrl);
if (refusal) {
	console.error(refusal);
	process.exit(2);
}
const app = await createApp(config);
await app.ready;
app.server.listen(config.port, config.host, () => console.log(`Yixian is serving on ${config.publicUrl} (API only)`));
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
