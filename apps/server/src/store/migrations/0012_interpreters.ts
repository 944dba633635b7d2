import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The interpreter of a conversation, at most one at a time: hashes of the single-use link token
 * and of the socket credential it was redeemed for. The row goes with its conversation.
 */
export const interpreters: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('interpreters')
      .addColumn('conversation_id', 'uuid', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
      .addColumn('invite_hash', 'text', (c) => c.unique())
      .addColumn('session_hash', 'text', (c) => c.unique())
      .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('invited', 'asking', 'joined', 'declined', 'left')`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('joined_seq', 'integer')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
