import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../store/db';
import { COUNTER_COLUMNS, type CounterColumn, type Counters } from './counters';

/** Adds one closed conversation's counters to its hour and channel, in the caller's transaction. */
export async function addToHour(trx: Db, hour: Date, channel: 'web' | 'sms', counters: Counters): Promise<void> {
  const addExcluded = Object.fromEntries(
    COUNTER_COLUMNS.map((column) => [column, sql<number>`${sql.ref(`conversation_stats.${column}`)} + ${sql.ref(`excluded.${column}`)}`]),
  ) as Record<CounterColumn, RawBuilder<number>>;
  await trx
    .insertInto('conversation_stats')
    .values({ hour, channel, ...counters })
    .onConflict((c) => c.columns(['hour', 'channel']).doUpdateSet(addExcluded))
    .execute();
}
