import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Timers as rows: participant silence for the inactivity sweep, and a purge time for retained conversations. */
export const sweeps: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('conversations')
      .addColumn('participant_active_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('warned_at', 'timestamptz')
      .addColumn('closed_at', 'timestamptz')
      .addColumn('purge_at', 'timestamptz')
      .execute();
    await sql`alter table conversations drop constraint if exists conversations_status_check`.execute(db);
    await sql`alter table conversations add constraint conversations_status_check check (status in ('waiting', 'active', 'closed'))`.execute(db);
    await db.schema.createIndex('conversations_silence').on('conversations').columns(['status', 'participant_active_at']).execute();
    await db.schema.createIndex('conversations_purge').on('conversations').column('purge_at').where(sql.ref('purge_at'), 'is not', null).execute();
  },
};
