// The schema's versions, in order. A new change is a new file here, appended to MIGRATIONS (never
// edit one that has shipped). The relay's update log (server/relay/store.ts: `updates`,
// `update_history`) still creates its own tables; its PostgreSQL version adds them here as the
// next migrations (see docs/data-model.md, "Storage").
import type { Dialect, Queryable } from '../types';
import { directory } from './001-directory';
import { sessions } from './002-sessions';
import { features } from './003-features';
import { agendaOrder } from './004-agenda-order';
import { referrals } from './005-referrals';

export interface Migration {
	/** Sorts in order of application; recorded in `schema_migrations` once applied. */
	name: string;
	/** Runs inside one transaction, on either dialect. */
	up(db: Queryable, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [directory, sessions, features, agendaOrder, referrals];
