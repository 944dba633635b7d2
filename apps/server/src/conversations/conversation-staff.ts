import type { Db } from '../store/db';

/** Supervisors taking part in conversations besides the assigned member (conversations/supervision.ts). */

export type StaffMode = 'watch' | 'join';

export function staffMode(db: Db, conversationId: string, staffId: string): Promise<StaffMode | null> {
  return db
    .selectFrom('conversation_staff')
    .select('mode')
    .where('conversation_id', '=', conversationId)
    .where('staff_id', '=', staffId)
    .executeTakeFirst()
    .then((row) => row?.mode ?? null);
}

/** Sets a member's mode; returns the mode they had before (null: none). */
export async function setStaffMode(db: Db, conversationId: string, staffId: string, mode: StaffMode): Promise<StaffMode | null> {
  const before = await staffMode(db, conversationId, staffId);
  await db
    .insertInto('conversation_staff')
    .values({ conversation_id: conversationId, staff_id: staffId, mode })
    .onConflict((c) => c.columns(['conversation_id', 'staff_id']).doUpdateSet({ mode }))
    .execute();
  return before;
}

export async function removeStaff(db: Db, conversationId: string, staffId: string): Promise<boolean> {
  const result = await db.deleteFrom('conversation_staff').where('conversation_id', '=', conversationId).where('staff_id', '=', staffId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Who besides the assigned member takes part in these conversations, with their names. */
export function staffOf(db: Db, conversationIds: string[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('conversation_staff')
    .innerJoin('staff', 'staff.id', 'conversation_staff.staff_id')
    .select(['conversation_staff.conversation_id', 'conversation_staff.staff_id', 'conversation_staff.mode', 'staff.display_name'])
    .where('conversation_staff.conversation_id', 'in', conversationIds)
    .where('staff.active', '=', true)
    .orderBy('conversation_staff.created_at')
    .execute();
}

/** At close, in the closing transaction: nobody watches a closed conversation. */
export async function forgetConversationStaff(trx: Db, conversationId: string): Promise<void> {
  await trx.deleteFrom('conversation_staff').where('conversation_id', '=', conversationId).execute();
}
