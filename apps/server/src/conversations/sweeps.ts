import { sql } from 'kysely';
import type { Db } from '../store/db';
import type { ConversationRow } from '../store/schema';

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

/** Warned conversations still silent since before `warnedBefore`, locked for the caller's transaction (conversations/close.ts closes them). */
export function lockWarnedSilent(trx: Db, warnedBefore: Date, limit: number): Promise<ConversationRow[]> {
  return trx
    .selectFrom('conversations')
    .selectAll()
    .where('status', '=', 'active')
    .where('warned_at', '<', warnedBefore)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
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

/** Tables whose deleted rows held a conversation's traces: what the hygiene vacuum visits. */
const CONVERSATION_TABLES = ['messages', 'conversations', 'conversation_staff', 'transfer_notes', 'interpreters', 'sms_conversations', 'sms_remote_messages'];

/**
 * Hygiene on top of "closed is gone", not instead of it: VACUUM lets the database reuse the space of
 * deleted rows sooner, so their bytes tend to be overwritten. It promises nothing (WAL, backups and
 * free space keep copies); protocol v2 is what makes those copies unreadable.
 */
export async function vacuumConversationTables(db: Db): Promise<void> {
  for (const table of CONVERSATION_TABLES) await sql`vacuum ${sql.table(table)}`.execute(db);
}
