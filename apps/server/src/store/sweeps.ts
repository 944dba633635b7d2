import type { Db } from './db';
import { closeLocked } from './conversations';
import type { ConversationRow } from './schema';

/*
 * Timers are rows with a due time, swept by every node. Each sweep takes its rows with
 * FOR UPDATE SKIP LOCKED, so two nodes sweeping at once split the work instead of repeating it,
 * and the change that marks a row done commits with the lock: each due row fires once.
 */

/** Active conversations silent since before `silentSince` and not yet warned: marks (at `now`) and returns them. */
export async function warnSilent(db: Db, silentSince: Date, now: Date, limit: number) {
  return db
    .updateTable('conversations')
    .set({ warned_at: now })
    .where(
      'id',
      'in',
      db
        .selectFrom('conversations')
        .select('id')
        .where('status', '=', 'active')
        .where('warned_at', 'is', null)
        .where('participant_active_at', '<', silentSince)
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'assigned_to'])
    .execute();
}

/** Warned conversations still silent since before `warnedBefore`: closes and returns them. */
export function closeSilent(db: Db, warnedBefore: Date, now: Date, retentionDays: number, limit: number): Promise<ConversationRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('status', '=', 'active')
      .where('warned_at', '<', warnedBefore)
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of due) await closeLocked(trx, row, retentionDays, now);
    return due;
  });
}

/** Deletes closed conversations whose retention has run out (their messages go with them). */
export async function purgeRetained(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('conversations')
    .where(
      'id',
      'in',
      db.selectFrom('conversations').select('id').where('status', '=', 'closed').where('purge_at', '<=', now).limit(limit).forUpdate().skipLocked(),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
