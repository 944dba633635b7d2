import { deleteForConversation as endInterpreterSeat } from '../interpreters/store';
import { countersFor, hourOf } from '../statistics/counters';
import { addToHour } from '../statistics/store';
import type { Db } from '../store/db';
import type { ConversationRow } from '../store/schema';
import { forgetConversationStaff } from './conversation-staff';
import { endConversation, lockLiveConversation } from './store';
import { lockWarnedSilent } from './sweeps';
import { dropConversationNotes } from './transfer-store';

/*
 * A close reaches into several features, all in the one transaction that holds the conversation's
 * row lock: the interpreter's seat, supervisors and unread transfer notes go; the conversation's
 * messages and row are deleted (or kept closed for the retention period); the hour's counters record
 * that it happened. Each feature's SQL stays in its own folder; this module only puts them together.
 */

/** Closes a live conversation; returns nothing if another node closed it first. */
export function closeConversation(db: Db, id: string, retentionDays: number, now = new Date()): Promise<ConversationRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await lockLiveConversation(trx, id);
    if (!row) return undefined;
    await closeLocked(trx, row, retentionDays, now);
    return row;
  });
}

/** Warned conversations still silent since before `warnedBefore` (the sweeper's timer): closes and returns them. */
export function closeSilent(db: Db, warnedBefore: Date, now: Date, retentionDays: number, limit: number): Promise<ConversationRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await lockWarnedSilent(trx, warnedBefore, limit);
    for (const row of due) await closeLocked(trx, row, retentionDays, now);
    return due;
  });
}

/** The close itself, on a row the caller has locked in this transaction. */
async function closeLocked(trx: Db, row: ConversationRow, retentionDays: number, now: Date): Promise<void> {
  // An interpreter's link and session die with the conversation, even while its ciphertext is kept.
  await endInterpreterSeat(trx, row.id);
  // Supervisors watching and unread transfer notes go with it, even while its ciphertext is kept.
  await forgetConversationStaff(trx, row.id);
  await dropConversationNotes(trx, row.id);
  await endConversation(trx, row, retentionDays, now);
  await addToHour(trx, hourOf(row.created_at), row.channel, countersFor(row, now));
}
