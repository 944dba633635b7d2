import type { Db } from '../store/db';

/** Transfer notes and who is signed in to receive a conversation. */

/** Active members with a live session, with the program key epochs they hold and how many conversations they hold. */
export async function signedInStaff(db: Db, now: Date) {
  const members = await db
    .selectFrom('staff')
    .select(['id', 'display_name', 'role', 'public_key', 'available_session'])
    .where('active', '=', true)
    .where((eb) =>
      eb.exists(eb.selectFrom('staff_sessions').select('token_hash').whereRef('staff_sessions.staff_id', '=', 'staff.id').where('staff_sessions.expires_at', '>', now)),
    )
    .orderBy('display_name')
    .execute();
  if (members.length === 0) return [];
  const ids = members.map((m) => m.id);
  const [grants, held, liveSessions] = await Promise.all([
    db.selectFrom('key_grants').select(['staff_id', 'epoch']).where('staff_id', 'in', ids).execute(),
    db
      .selectFrom('conversations')
      .select(['assigned_to', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'active')
      .where('assigned_to', 'in', ids)
      .groupBy('assigned_to')
      .execute(),
    db.selectFrom('staff_sessions').select('token_hash').where('staff_id', 'in', ids).where('expires_at', '>', now).execute(),
  ]);
  const live = new Set(liveSessions.map((s) => s.token_hash));
  return members.map((m) => ({
    id: m.id,
    displayName: m.display_name,
    role: m.role,
    publicKey: m.public_key,
    epochs: grants.filter((g) => g.staff_id === m.id).map((g) => g.epoch).sort((a, b) => a - b),
    openConversations: Number(held.find((h) => h.assigned_to === m.id)?.n ?? 0),
    // Routing marks a member available through the session that said so (routing-store.ts).
    available: m.available_session !== null && live.has(m.available_session),
  }));
}

/** Keeps a transfer's note (or its absence) for the receiver; a later transfer of the same conversation to them replaces it. */
export async function putNote(trx: Db, note: { conversationId: string; toStaffId: string; fromStaffId: string; sealed: string | null }): Promise<void> {
  await trx
    .insertInto('transfer_notes')
    .values({ conversation_id: note.conversationId, to_staff_id: note.toStaffId, from_staff_id: note.fromStaffId, sealed: note.sealed })
    .onConflict((c) => c.columns(['conversation_id', 'to_staff_id']).doUpdateSet({ from_staff_id: note.fromStaffId, sealed: note.sealed }))
    .execute();
}

/** Hands a member their waiting notes, deleting them in the same statement: a note is kept only until it is read. */
export async function takeNotes(db: Db, toStaffId: string) {
  const notes = await db.deleteFrom('transfer_notes').where('to_staff_id', '=', toStaffId).returningAll().execute();
  if (notes.length === 0) return [];
  const senders = await db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', notes.map((n) => n.from_staff_id)).execute();
  return notes
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((n) => ({ ...n, from_name: senders.find((s) => s.id === n.from_staff_id)?.display_name ?? 'A colleague' }));
}

/** Notes a member may no longer read: the conversation moved on from them. */
export async function dropNotesOf(trx: Db, conversationId: string, staffId: string): Promise<void> {
  await trx.deleteFrom('transfer_notes').where('conversation_id', '=', conversationId).where('to_staff_id', '=', staffId).execute();
}

/** At close, in the closing transaction: unread notes go with the conversation. */
export async function dropConversationNotes(trx: Db, conversationId: string): Promise<void> {
  await trx.deleteFrom('transfer_notes').where('conversation_id', '=', conversationId).execute();
}
