import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Staff sign-in security: each account's TOTP secret (sealed with a server key), the last time
 * step used (a code works once), consecutive failures and the lock they lead to; and when each
 * session was last used, for the idle time-out. Accounts made before this enrol at their next sign-in.
 */
export const twoFactor: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('staff')
      .addColumn('totp_sealed', 'text')
      .addColumn('totp_last_step', 'integer')
      .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lock_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'timestamptz')
      .execute();
    await db.schema
      .alterTable('staff_sessions')
      .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
};
