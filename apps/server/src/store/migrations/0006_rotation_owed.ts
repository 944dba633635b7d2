import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Set when a member is deactivated, cleared when an admin's browser starts the new epoch: no admin misses a rotation. */
export const rotationOwed: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('program').addColumn('rotation_owed', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  },
};
