import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * A reference is renewed only in the chat it was just checked in (code-words/service.ts): the row
 * keeps a hash of that chat's id for an hour. A pending set token is bound to its chat the same way,
 * inside `pending_hash`.
 */
export const codeWordChecks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('code_words').addColumn('checked_hash', 'text').addColumn('checked_until', 'timestamptz').execute();
  },
};
