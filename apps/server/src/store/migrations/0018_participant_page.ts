import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * What the participant page may show, as the program sets it: its own words for when there is no
 * other way to reach it (setup asks for another way or these words; participants see them in place
 * of an empty list), and whether waiting participants are told their place in line and the usual
 * wait lately (off unless an admin turns it on).
 */
export const participantPage: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('program')
      .addColumn('no_other_way', 'text')
      .addColumn('queue_place', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
  },
};
