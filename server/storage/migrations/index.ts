// The schema's versions, in order. A new change is a new file here, appended to MIGRATIONS (never
// edit one that has shipped). The documents' update log is here for PostgreSQL (006); on SQLite
// the relay's store creates its tables itself (server/relay/store.ts; docs/data-model.md, "Storage").
import type { Dialect, Queryable } from '../types';
import { directory } from './001-directory';
import { sessions } from './002-sessions';
import { features } from './003-features';
import { agendaOrder } from './004-agenda-order';
import { referrals } from './005-referrals';
import { updateLog } from './006-update-log';
import { anonymousSubmissions } from './007-anonymous-submissions';

export interface Migration {
	/** Sorts in order of application; recorded in `schema_migrations` once applied. */
	name: string;
	/** Runs inside one transaction, on either dialect. */
	up(db: Queryable, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [directory, sessions, features, agendaOrder, referrals, updateLog, anonymousSubmissions];
