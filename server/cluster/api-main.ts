// server/main.ts without the built SvelteKit pages: the API and the sync relay only. For the
// cluster specs when the app is not built (the unit tests run before the build in scripts/test.sh).
import { loadConfig } from '../config';
import { createApp } from '../app';

const config = loadConfig();
const app = createApp(config);
await app.ready;
app.server.listen(config.port, config.host, () => console.log(`Yixian is serving on ${config.publicUrl} (API only)`));
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
