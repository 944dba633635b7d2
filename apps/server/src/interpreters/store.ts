import type { Db } from '../store/db';
import type { InterpreterTable } from '../store/schema';

export type InterpreterStateName = InterpreterTable['state'];

/**
 * A new invite for a live conversation, replacing one not yet redeemed (a lost link) or one that
 * is over. Returns false while an interpreter is being asked about or has joined.
 */
export async function upsertInvite(db: Db, conversationId: string, inviteHash: string, expiresAt: Date): Promise<boolean> {
  const row = await db
    .insertInto('interpreters')
    .values({ conversation_id: conversationId, invite_hash: inviteHash, session_hash: null, state: 'invited', expires_at: expiresAt, joined_seq: null })
    .onConflict((c) =>
      c
        .column('conversation_id')
        .doUpdateSet({ invite_hash: inviteHash, session_hash: null, state: 'invited', expires_at: expiresAt, joined_seq: null })
        .where('interpreters.state', 'not in', ['asking', 'joined']),
    )
    .returning('conversation_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Spends an invite token once: the first caller gets the conversation and its token becomes the
 * session; any later caller (or an expired, withdrawn or closed one) gets nothing.
 */
export async function redeemInvite(db: Db, inviteHash: string, sessionHash: string, now: Date) {
  return db
    .updateTable('interpreters')
    .set({ invite_hash: null, session_hash: sessionHash, state: 'asking' })
    .where('invite_hash', '=', inviteHash)
    .where('state', '=', 'invited')
    .where('expires_at', '>', now)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('conversations')
          .select('conversations.id')
          .whereRef('conversations.id', '=', 'interpreters.conversation_id')
          .where('conversations.status', '=', 'active'),
      ),
    )
    .returning(['conversation_id'])
    .executeTakeFirst();
}

/**
 * The participant's answer; only an interpreter being asked about can be admitted or refused.
 * Admitted, they are sent what follows the last message before the yes.
 */
export async function answerConsent(db: Db, conversationId: string, accept: boolean) {
  const lastSeq = db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId);
  return db
    .updateTable('interpreters')
    .set(accept ? { state: 'joined', joined_seq: lastSeq } : { state: 'declined', session_hash: null })
    .where('conversation_id', '=', conversationId)
    .where('state', '=', 'asking')
    .returning(['conversation_id', 'state'])
    .executeTakeFirst();
}

/** The interpreter leaves, or is removed: link and session die together. */
export function endInterpreter(db: Db, conversationId: string) {
  return db
    .updateTable('interpreters')
    .set({ state: 'left', invite_hash: null, session_hash: null })
    .where('conversation_id', '=', conversationId)
    .where('state', 'in', ['invited', 'asking', 'joined'])
    .returning(['conversation_id'])
    .executeTakeFirst();
}

/** The interpreter behind a socket credential, while the conversation is live and they are asked about or in. */
export function findBySession(db: Db, sessionHash: string) {
  return db
    .selectFrom('interpreters')
    .innerJoin('conversations', 'conversations.id', 'interpreters.conversation_id')
    .select(['interpreters.conversation_id', 'interpreters.state', 'interpreters.joined_seq'])
    .where('interpreters.session_hash', '=', sessionHash)
    .where('interpreters.state', 'in', ['asking', 'joined'])
    .where('conversations.status', '!=', 'closed')
    .executeTakeFirst();
}

export function findForConversation(db: Db, conversationId: string) {
  return db
    .selectFrom('interpreters')
    .select(['state', 'session_hash', 'joined_seq'])
    .where('conversation_id', '=', conversationId)
    .executeTakeFirst();
}

/** At close: with the conversation's own rows, whether or not its ciphertext is retained. */
export async function deleteForConversation(db: Db, conversationId: string): Promise<void> {
  await db.deleteFrom('interpreters').where('conversation_id', '=', conversationId).execute();
}
