// The operator's command line: `npm run admin -- <noun> <verb> [--options]`. It works on the data
// directory directly, so it also creates the first office account on a fresh install.
// Changes of rights made here reach live connections when they next connect; the office screens
// (the API) cut them at once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { initBoard } from '../src/lib/documents/board';
import { docNames, STATION_KINDS, type StationKind } from '../src/lib/domain/station';
import { Directory, DirectoryError } from './accounts/directory';
import { PERSON_ROLES, STATION_ROLES, type PersonRole, type StationRole } from './accounts/rights';
import { loadConfig } from './config';
import { openDb } from './db';
import { password as passwordSchema, phone as phoneSchema } from './http/schemas';
import { UpdateStore } from './relay/store';

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
The data directory is YIXIAN_DATA_DIR (default ./data).`;

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: Object.fromEntries(
		['role', 'phone', 'name', 'unit', 'position', 'password', 'street', 'kind', 'id', 'station'].map((k) => [k, { type: 'string' as const }])
	)
});

const ACTOR = 'admin-cli';
const config = loadConfig();
const db = openDb(config.dbFile);
const directory = new Directory(db, config.clock.now);

function fail(message: string): never {
	console.error(`admin: ${message}\n\n${USAGE}`);
	process.exit(2);
}

function need(name: keyof typeof values): string {
	const value = values[name];
	if (!value) fail(`--${name} is required`);
	return value;
}

function personByPhone(): string {
	const phone = phoneSchema.safeParse(need('phone'));
	const person = phone.success && directory.listPeople().find((p) => p.phone === phone.data);
	if (!person) fail(`no person with phone ${values.phone}`);
	return person.id;
}

function streetId(): string {
	const key = need('street');
	const street = directory.listStreets().find((s) => s.id === key || s.name === key);
	if (!street) fail(`no street ${key} (street add --name … first)`);
	return street.id;
}

function newPassword(): { password: string; generated: boolean } {
	if (values.password) {
		if (!passwordSchema.safeParse(values.password).success) fail('--password must be 8 to 128 characters');
		return { password: values.password, generated: false };
	}
	return { password: randomBytes(9).toString('base64url'), generated: true };
}

const table = (rows: object[]) => (rows.length ? console.table(rows) : console.log('(none)'));

async function run(noun = '', verb = '') {
	switch (`${noun} ${verb}`) {
		case 'person add': {
			const role = need('role') as PersonRole;
			if (!PERSON_ROLES.includes(role)) fail(`--role must be one of ${PERSON_ROLES.join(', ')}`);
			const phone = phoneSchema.safeParse(need('phone'));
			if (!phone.success) fail('--phone is not a phone number');
			const { password, generated } = newPassword();
			const person = await directory.createPerson(ACTOR, { phone: phone.data, name: need('name'), role, unit: values.unit, position: values.position, password });
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
			directory.updatePerson(ACTOR, personByPhone(), { disabled: verb === 'disable' });
			return console.log(`${verb}d`);
		case 'street add':
			return console.log(directory.createStreet(ACTOR, need('name')));
		case 'street list':
			return table(directory.listStreets());
		case 'station add': {
			const kind = (values.kind ?? 'community') as StationKind;
			if (!STATION_KINDS.includes(kind)) fail(`--kind must be one of ${STATION_KINDS.join(', ')}`);
			const station = directory.createStation(ACTOR, { id: values.id, name: need('name'), streetId: streetId(), kind });
			if (!values.id) {
				const doc = new Y.Doc();
				initBoard(doc, { name: station.name, street: station.streetName, kind }, Date.now());
				const store = new UpdateStore(config.dbFile);
				store.append(docNames(station.id).board, Y.encodeStateAsUpdate(doc), ACTOR);
				store.close();
			}
			return console.log(`created station ${station.name}, id ${station.id}`);
		}
		case 'station list':
			return table(directory.listStations());
		case 'team add': {
			const role = need('role') as StationRole;
			if (!STATION_ROLES.includes(role)) fail(`--role must be one of ${STATION_ROLES.join(', ')}`);
			directory.assign(ACTOR, personByPhone(), need('station'), role);
			return console.log('assigned');
		}
		case 'team remove':
			directory.unassign(ACTOR, personByPhone(), need('station'));
			return console.log('removed');
		case 'leader add':
		case 'leader remove':
			directory.setLeader(ACTOR, personByPhone(), streetId(), verb === 'add');
			return console.log('done');
		default:
			fail(noun ? `unknown command: ${noun} ${verb}` : 'no command');
	}
}

try {
	await run(positionals[0], positionals[1]);
} catch (error) {
	if (error instanceof DirectoryError) fail(error.message);
	throw error;
} finally {
	db.close();
}
