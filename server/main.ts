// The one Node process: the built app, the API and the sync relay on one port.
// Configuration: see loadConfig (README, "Configuration").
import { loadConfig } from './config';
import { createApp } from './app';
import { CLIENT_ADDRESS_HEADER } from './http/client-address';
import { secondServerRefusal } from './ops/server-lock';

let config: ReturnType<typeof loadConfig>;
try {
	config = loadConfig();
} catch (error) {
	// A setting the operator got wrong: say which, without a stack trace.
	console.error((error as Error).message);
	process.exit(2);
}
// adapter-node takes a request's origin to be https://<host> unless told: over plain http every
// form POST (a resident's report on the public page) would fail its CSRF check. The public URL is
// the address people reach the app at, so it is the origin their forms come from.
process.env.ORIGIN ??= config.publicUrl;
// Two processes on one data directory would each serve its own copy of the open documents: only
// as members of one cluster (YIXIAN_REDIS_URL), which carries updates between them.
const refusal = secondServerRefusal(config.dataDir, !!config.redisUrl);
if (refusal) {
	console.error(refusal);
	process.exit(2);
}
// The public forms' throttles count the client the server resolved (YIXIAN_TRUSTED_PROXIES), set
// on every request in this header; adapter-node reads it for getClientAddress().
process.env.ADDRESS_HEADER = CLIENT_ADDRESS_HEADER;
// Built by `vite build` (adapter-node); imported at run time so tests can run without a build.
const { handler } = (await import(new URL('../build/handler.js', import.meta.url).href)) as {
	handler: import('node:http').RequestListener;
};
let app: Awaited<ReturnType<typeof createApp>>;
try {
	app = await createApp(config, handler);
} catch (error) {
	// The database cannot be reached or migrated: say so in one line.
	console.error(`cannot open the database: ${(error as Error).message}`);
	process.exit(1);
}
try {
	await app.ready;
} catch (error) {
	console.error(`Cannot join the cluster: ${(error as Error).message}`);
	process.exit(2);
}

app.server.listen(config.port, config.host, () => {
	console.log(`Yixian is serving on ${config.publicUrl} (data in ${config.dataDir}${config.databaseUrl ? ', tables in PostgreSQL' : ''})`);
	// Its calendar day (a report's received date, statistics, files, the duty calendar) is read in this
	// zone, the phones' in theirs: the two must be the district's (README, TZ).
	console.log(`Calendar days are read in the time zone ${Intl.DateTimeFormat().resolvedOptions().timeZone} (set TZ to the district's, e.g. TZ=Asia/Shanghai)`);
	if (app.directory.listPeople().length === 0)
		console.log('No accounts yet: create the first office account with\n  npm run admin -- person add --role office --phone <phone> --name <name>');
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing connections and the database`);
	const timer = setTimeout(() => process.exit(1), 10_000);
	timer.unref();
	await app.close();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
