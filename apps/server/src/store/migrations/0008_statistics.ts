import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Statistics and retention as program settings. `conversation_stats` gains what staffing needs
 * beyond sums of waits: time with an advocate, time before leaving unanswered, waits counted in
 * bands (percentiles without a row per conversation) and conversations staff started. The
 * program row holds the retention an admin chose (null: the RETENTION_DAYS setting), and a
 * conversation remembers whether staff started it, which the counters must know at close.
 */
export const statistics: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('program')
      .addColumn('retention_days', 'integer', (c) => c.check(sql`retention_days between 0 and 365`))
      .execute();
    await db.schema.alterTable('conversations').addColumn('outbound', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
    await db.schema
      .alterTable('conversation_stats')
      .addColumn('outbound', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('answered_seconds', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('abandoned_seconds', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('waited_under_1m', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waited_1_to_5m', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waited_5_to_15m', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waited_15_to_30m', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('waited_30m_plus', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
