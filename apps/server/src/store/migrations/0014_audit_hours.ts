import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Conversation events and sign-ins under unknown names are counted per hour here, and enter the
 * audit chain only as one row per hour once the hour is over (audit/audit-log.ts): the log keeps
 * no timeline of who answered whom when.
 */
export const auditHours: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_hourly')
      .addColumn('hour', 'timestamptz', (c) => c.notNull())
      // '' for events with no actor: part of the key, so it cannot be null.
      .addColumn('actor_key', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_hourly_pk', ['hour', 'actor_key', 'action', 'detail'])
      .execute();
  },
};
