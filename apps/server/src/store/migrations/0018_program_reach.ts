import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The program's own words for when there is no other way to reach it: setup asks for another way
 * or these words, and participants see them in place of an empty list of other ways.
 */
export const programReach: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('program').addColumn('no_other_way', 'text').execute();
  },
};
