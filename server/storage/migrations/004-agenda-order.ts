// A meeting's agenda is shown in the order it was put together. SQLite kept that as the rowid,
// which PostgreSQL has no equivalent of: an explicit position, numbered from the rowid where the
// rows already exist.
import type { Migration } from './index';
import { columnsOf, ddl } from './ddl';

export const agendaOrder: Migration = {
	name: '004-agenda-order',
	async up(db, dialect) {
		if ((await columnsOf(db, dialect, 'dispatch_items')).includes('position')) return;
		await db.exec(ddl(dialect, 'ALTER TABLE dispatch_items ADD COLUMN position {INT} NOT NULL DEFAULT 0'));
		if (dialect === 'sqlite') await db.exec('UPDATE dispatch_items SET position = rowid');
		await db.exec('CREATE INDEX IF NOT EXISTS dispatch_items_by_meeting ON dispatch_items (meeting_id, position)');
	}
};
