import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The program's notices (what an admin changed from the built-in texts, per language) and its
 * optional pre-chat questions, in the program row; and when a participant pressed "I understand"
 * under the rights notice. A chat already open at the upgrade began before the notice existed:
 * it carries on as acknowledged.
 */
export const notices: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('program').addColumn('notices', 'jsonb').addColumn('questions', 'jsonb').execute();
    await db.schema.alterTable('conversations').addColumn('rights_acknowledged_at', 'timestamptz').execute();
    await sql`update conversations set rights_acknowledged_at = created_at`.execute(db);
  },
};
