import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Protocol v2: conversation content is under a secret that lives only in memory. Conversations
 * open at the upgrade were made under v1 keys; they are marked so the server ends them at start
 * (store/v1-conversations.ts), and nothing v1 is made again. `escrow` holds the secret sealed to
 * the program key when the program keeps closed conversations (retention above 0); a grant's
 * `attestation` lets the next rotation refuse a member key the server swapped.
 */
export const protocolV2: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('conversations').addColumn('protocol', 'smallint', (c) => c.notNull().defaultTo(1)).execute();
    await sql`alter table conversations alter column protocol set default 2`.execute(db);
    await db.schema.alterTable('conversations').addColumn('escrow', 'text').execute();
    // An admin's browser's MAC over the member's key as it was checked (crypto/attestation.ts).
    await db.schema.alterTable('key_grants').addColumn('attestation', 'text').execute();
  },
};
