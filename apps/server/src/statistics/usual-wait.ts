import { WAIT_BANDS, type WaitBand } from '@lantern/protocol';
import type { Db } from '../store/db';
import { bandColumn, hourOf } from './counters';
import { add, quantileBand, zero } from './report';

/** How far back "lately" reaches: a week, so each hour of the week is in it once. */
const LATELY_MS = 7 * 24 * 3_600_000;

/**
 * The usual wait lately, for a waiting participant: the band holding half of the waits answered in
 * the last week, from the hourly counters alone (no conversation is looked at), or null when fewer
 * than 5 were answered, as the statistics withhold it.
 */
export async function usualWait(db: Db, now: Date): Promise<WaitBand | null> {
  const rows = await db
    .selectFrom('conversation_stats')
    .select(WAIT_BANDS.map(bandColumn))
    .where('hour', '>=', hourOf(new Date(now.getTime() - LATELY_MS)))
    .execute();
  const total = zero();
  for (const row of rows) add(total, row);
  return quantileBand(total, 0.5);
}
