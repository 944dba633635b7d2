import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The status switch and the hours: one program, one row. */
export const programStatus: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('program')
      .addColumn('status_override', 'text', (c) => c.notNull().defaultTo('none').check(sql`status_override in ('none', 'closed', 'emergency')`))
      .addColumn('status_message', 'text')
      .addColumn('alternatives', 'jsonb')
      .addColumn('hours', 'jsonb')
      .execute();
  },
};
