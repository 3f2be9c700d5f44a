// The operator's command line: `npm run admin -- <noun> <verb> [--options]`. It works on the data
// directory directly, so it also creates the first office account on a fresh install.
// A running server notices what it changes (server/accounts/access-events.ts): a password reset or
// a disable ends the person's sessions, a removal closes their connections, within about a second.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { initBoard } from '../src/lib/documents/board';
import { docNames, STATION_KINDS } from '../src/lib/domain/station';
import { Directory, DirectoryError } from './accounts/directory';
import { PERSON_ROLES, STATION_ROLES } from './accounts/rights';
import { loadConfig } from './config';
import { openDb } from './db';
import { z } from 'zod';
import { fieldMessage } from '../src/lib/domain/input';
import * as s from './http/schemas';
import { fieldCodes, id as idSchema, issueLimit, phone as phoneSchema } from './http/schemas';
import { createUpdateLog } from './relay/update-log';
import { backup, OpsError, restore } from './ops/backup';
import { migrateToPostgres } from './ops/migrate-to-postgres';

const USAGE = `usage: npm run admin -- <command> [options]
  person add --role office|leader|member --phone P --name N [--unit U] [--position X] [--password PW]
  person list
  person password --phone P [--password PW]      (prints a generated password when none is given)
  person disable --phone P | person enable --phone P
  street add --name N | street list
  station add --name N --street STREET [--kind ${STATION_KINDS.join('|')}] [--id ID]
  station list
  team add --station ID --phone P --role ${STATION_ROLES.join('|')}
  team remove --station ID --phone P
  leader add --street STREET --phone P | leader remove --street STREET --phone P
  backup --to FILE [--force]                     (SQLite: safe while the server runs; FILE.token-secret beside it)
  restore --from FILE                            (SQLite: the server stopped; the replaced database is kept)
  migrate-to-postgres --to postgres://…          (the server stopped; copies the district's tables into
                                                 an empty PostgreSQL database; then set YIXIAN_DATABASE_URL)
The data directory is YIXIAN_DATA_DIR (default ./data).`;

const OPTIONS = ['role', 'phone', 'name', 'unit', 'position', 'password', 'street', 'kind', 'id', 'station', 'to', 'from'] as const;
type Option = (typeof OPTIONS)[number];

/** A mistake on the command line: one line on stderr, exit 2. */
function fail(message: string): never {
	console.error(`admin: ${message}`);
	process.exit(2);
}

/** The operator's mistake in parseArgs' words made short; anything else is not a usage error. */
function parse() {
	try {
		return parseArgs({ allowPositionals: true, strict: true, options: { ...(Object.fromEntries(OPTIONS.map((k) => [k, { type: 'string' }])) as Record<Option, { type: 'string' }>), force: { type: 'boolean' } } });
	} catch (error) {
		const { code, message } = error as { code?: string; message: string };
		const option = /'(--?[^' ]+)/.exec(message)?.[1] ?? '';
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') fail(`unknown option '${option}' (npm run admin lists the commands)`);
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') fail(`option '${option}' needs a value`);
		if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') fail('unexpected argument (npm run admin lists the commands)');
		throw error;
	}
}

const { positionals, values } = parse();
const noun = positionals[0] ?? '';

const ACTOR = 'admin-cli';
const config = loadConfig();

/** Backup and restore work on the files: no connection of this process may hold the database. */
async function runOps(noun: string) {
	if (positionals.length > 1) fail('unexpected argument (npm run admin lists the commands)');
	// They copy the SQLite file, which is not the district's data on PostgreSQL (docs/deploy.md).
	if (config.databaseUrl) {
		fail(
			noun === 'backup'
				? 'this server keeps its data in PostgreSQL (YIXIAN_DATABASE_URL): back it up with pg_dump (docs/deploy.md, "Backups on PostgreSQL")'
				: 'this server keeps its data in PostgreSQL (YIXIAN_DATABASE_URL): restore it with pg_restore into a stopped district (docs/deploy.md, "Backups on PostgreSQL")'
		);
	}
	try {
		if (noun === 'backup') {
			const made = await backup(config.dataDir, config.dbFile, need('to'), values.force === true);
			console.log(`backup written: ${made.file} (${made.bytes} bytes)`);
			console.log(made.secretFile ? `token secret: ${made.secretFile} (keep it with the backup, as private)` : 'token secret: from YIXIAN_TOKEN_SECRET, not copied (keep it with the backup)');
			return;
		}
		const done = await restore(config.dataDir, config.dbFile, need('from'));
		console.log(`restored into ${config.dbFile}`);
		if (done.kept) console.log(`the replaced database is kept as ${done.kept}`);
		if (done.keptSecret) console.log(`the replaced token secret is kept as ${done.keptSecret}`);
		if (!done.secretRestored) console.log('no token secret beside the backup: everyone signs in again (unless YIXIAN_TOKEN_SECRET is the old one)');
	} catch (error) {
		if (error instanceof OpsError) fail(error.message);
		console.error(`admin: failed: ${(error as Error).message.split('\n')[0]}`);
		process.exit(1);
	}
}

if (noun === 'backup' || noun === 'restore') {
	await runOps(noun);
	process.exit(0);
}

if (noun === 'migrate-to-postgres') {
	if (positionals.length > 1) fail('unexpected argument (npm run admin lists the commands)');
	try {
		const moved = await migrateToPostgres(config.dataDir, config.dbFile, need('to'), (line) => console.log(`  ${line}`));
		console.log(`moved ${moved.tables.reduce((n, t) => n + t.rows, 0)} rows in ${moved.tables.length} tables to PostgreSQL`);
		console.log('now start the server with YIXIAN_DATABASE_URL set to that URL (docs/deploy.md)');
	} catch (error) {
		if (error instanceof OpsError) fail(error.message);
		console.error(`admin: failed: ${(error as Error).message.split('\n')[0]}`);
		process.exit(1);
	}
	process.exit(0);
}

// A command is a noun and a verb; a word after them is a mistake (a value without its option), not ignored.
if (positionals.length > 2) fail(`unexpected argument '${positionals[2]}' (npm run admin lists the commands)`);

const db = await openDb(config.dbFile, config.databaseUrl);
const directory = await Directory.open(db, config.clock.now);

/** The option each field of the API's schemas is given as. */
const OPTION_OF: Record<string, Option> = { streetId: 'street' };

/** Checks input with the API's own schema; a refusal is the API's code, said in words. */
function valid<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const [field, code] = Object.entries(fieldCodes(result.error, input))[0];
	const option = OPTION_OF[field] ?? field;
	const choices = option === 'role' || option === 'kind' ? ` (one of ${(option === 'kind' ? STATION_KINDS : noun === 'team' ? STATION_ROLES : PERSON_ROLES).join(', ')})` : '';
	fail(`--${option} ${fieldMessage(code, issueLimit(result.error, field))}${choices}`);
}

function need(name: Option): string {
	const value = values[name];
	if (value === undefined) fail(`--${name} is required`);
	return value;
}

function personByPhone(): string {
	const { phone } = valid(z.object({ phone: phoneSchema }), { phone: need('phone') });
	const person = directory.listPeople().find((p) => p.phone === phone);
	if (!person) fail(`no person with phone ${phone}`);
	return person.id;
}

function streetId(): string {
	const key = need('street');
	const street = directory.listStreets().find((s) => s.id === key || s.name === key);
	if (!street) fail(`no street ${JSON.stringify(key)} (street add --name … first)`);
	return street.id;
}

function stationId(): string {
	return valid(z.object({ station: idSchema }), { station: need('station') }).station;
}

function newPassword(): { password: string; generated: boolean } {
	if (values.password !== undefined) return { password: valid(s.newPassword, { password: values.password }).password, generated: false };
	return { password: randomBytes(9).toString('base64url'), generated: true };
}

const table = (rows: object[]) => (rows.length ? console.table(rows) : console.log('(none)'));

async function run(noun = '', verb = '') {
	switch (`${noun} ${verb}`) {
		case 'person add': {
			const { password, generated } = newPassword();
			const input = valid(s.newPerson, { role: values.role, phone: values.phone, name: values.name, unit: values.unit, position: values.position, password });
			const person = await directory.createPerson(ACTOR, input);
			console.log(`created ${person.role} ${person.name} (${person.phone}), id ${person.id}`);
			if (generated) console.log(`password: ${password}`);
			return;
		}
		case 'person list':
			return table(directory.listPeople());
		case 'person password': {
			const id = personByPhone();
			const { password, generated } = newPassword();
			await directory.setPassword(ACTOR, id, password);
			console.log(generated ? `new password: ${password}` : 'password set');
			return;
		}
		case 'person disable':
		case 'person enable':
			await directory.updatePerson(ACTOR, personByPhone(), { disabled: verb === 'disable' });
			return console.log(`${verb}d`);
		case 'street add':
			return console.log(await directory.createStreet(ACTOR, valid(s.street, { name: values.name }).name));
		case 'street list':
			return table(directory.listStreets());
		case 'station add': {
			const input = valid(s.newStation, { id: values.id, name: values.name, kind: values.kind ?? 'community', streetId: values.street === undefined ? undefined : streetId() });
			const { kind } = input;
			const station = await directory.createStation(ACTOR, input);
			// Where the server keeps the documents: PostgreSQL with YIXIAN_DATABASE_URL, else the SQLite file.
			const log = createUpdateLog({ databaseUrl: config.databaseUrl, dataFile: config.dbFile });
			try {
				// The board's first state; an adopted station's (--id) only if no device has sent its board yet (as the API).
				const board = docNames(station.id).board;
				if (!values.id || (await log.count(board)) === 0) {
					const doc = new Y.Doc();
					initBoard(doc, { name: station.name, street: station.streetName, kind }, Date.now());
					await log.append(board, Y.encodeStateAsUpdate(doc), ACTOR);
				}
			} finally {
				await log.close();
			}
			return console.log(`created station ${station.name}, id ${station.id}`);
		}
		case 'station list':
			return table(directory.listStations());
		case 'team add': {
			const { role } = valid(s.teamRole, { role: values.role });
			await directory.assign(ACTOR, personByPhone(), stationId(), role);
			return console.log('assigned');
		}
		case 'team remove':
			await directory.unassign(ACTOR, personByPhone(), stationId());
			return console.log('removed');
		case 'leader add':
		case 'leader remove':
			await directory.setLeader(ACTOR, personByPhone(), streetId(), verb === 'add');
			return console.log('done');
		default:
			if (!noun) {
				console.error(USAGE);
				process.exit(2);
			}
			fail(`unknown command: ${noun} ${verb} (npm run admin lists the commands)`);
	}
}

try {
	await run(noun, positionals[1]);
} catch (error) {
	if (error instanceof DirectoryError) fail(error.message);
	// Not the operator's mistake: still one line, no stack (the database may be locked or unreadable).
	console.error(`admin: failed: ${(error as Error).message}`);
	process.exitCode = 1;
} finally {
	await db.close();
}
