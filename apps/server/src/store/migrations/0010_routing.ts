import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Queue routing: each member's availability (bound to the session that set it, so signing out
 * or a session ending makes them away), their shift end and when they were last handed a
 * conversation (round-robin ties); the program's cap and shift-end window.
 */
export const routing: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('staff')
      .addColumn('available_session', 'text')
      .addColumn('shift_ends_at', 'timestamptz')
      .addColumn('last_assigned_at', 'timestamptz')
      .execute();
    await db.schema
      .alterTable('program')
      .addColumn('conversation_cap', 'integer', (c) => c.notNull().defaultTo(3).check(sql`conversation_cap between 1 and 100`))
      .addColumn('shift_end_margin_minutes', 'integer', (c) => c.notNull().defaultTo(30).check(sql`shift_end_margin_minutes between 0 and 240`))
      .execute();
    // Routing and claims count each member's active conversations (the oldest waiting ones have conversations_status).
    await db.schema.createIndex('conversations_assigned').on('conversations').columns(['assigned_to', 'status']).execute();
  },
};
