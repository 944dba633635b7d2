import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Supervisors watching or joined in a conversation, and transfer notes waiting for their receiver.
 * Both go with the conversation: by cascade when its row is deleted, explicitly when a retention keeps it.
 */
export const transfers: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('conversation_staff')
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('watch', 'join')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('conversation_staff_pk', ['conversation_id', 'staff_id'])
      .execute();
    await db.schema.createIndex('conversation_staff_staff').on('conversation_staff').column('staff_id').execute();
    await db.schema
      .createTable('transfer_notes')
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('to_staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('from_staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      // Sealed in the sender's browser to the receiver's staff key; null when no note was written.
      .addColumn('sealed', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('transfer_notes_pk', ['conversation_id', 'to_staff_id'])
      .execute();
    await db.schema.createIndex('transfer_notes_to').on('transfer_notes').column('to_staff_id').execute();
  },
};
