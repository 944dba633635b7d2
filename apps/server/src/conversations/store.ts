import type { Db } from '../store/db';
import type { ConversationRow, MessageRow } from '../store/schema';
import { staffMode } from './conversation-staff';

export async function insertConversation(
  db: Db,
  row: { id: string; channel: 'web' | 'sms'; language: string | null; participantKey: string; epoch: number; tokenHash: string },
): Promise<void> {
  await db
    .insertInto('conversations')
    .values({
      id: row.id,
      channel: row.channel,
      status: 'waiting',
      language: row.language,
      participant_key: row.participantKey,
      epoch: row.epoch,
      token_hash: row.tokenHash,
      answered_at: null,
      assigned_to: null,
    })
    .execute();
}

export function findConversationByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('conversations').selectAll().where('token_hash', '=', tokenHash).where('status', '!=', 'closed').executeTakeFirst();
}

/** A live conversation (waiting or active); a closed one kept for retention is nobody's to read here. */
export function findConversation(db: Db, id: string) {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).where('status', '!=', 'closed').executeTakeFirst();
}

/** What these staff members' queues show: every waiting conversation, and those they hold. */
export function waitingOrHeldBy(db: Db, staffIds: string[]) {
  return db
    .selectFrom('conversations')
    .leftJoin('staff', 'staff.id', 'conversations.assigned_to')
    .selectAll('conversations')
    .select('staff.display_name as assigned_name')
    .where((eb) =>
      eb.or([eb('conversations.status', '=', 'waiting'), eb.and([eb('conversations.status', '=', 'active'), eb('conversations.assigned_to', 'in', staffIds)])]),
    )
    .orderBy('conversations.created_at')
    .execute();
}

export type AppendResult =
  | { ok: true; seq: number; createdAt: Date; assignedTo: string | null }
  | { ok: false; reason: 'gone' | 'not_assigned' | 'conflict' };

/**
 * Appends one message in one transaction. The conversation row is locked first, so senders
 * get consecutive sequence numbers and a resend of a stored client id (after a reconnect)
 * answers with the stored number instead of a second copy. A staff sender must hold the
 * conversation at that moment.
 */
export function appendMessage(
  db: Db,
  message: { conversationId: string; clientId: string; sender: MessageRow['sender']; staffId: string | null; body: string },
  now: Date,
): Promise<AppendResult> {
  return db.transaction().execute(async (trx): Promise<AppendResult> => {
    const conversation = await trx
      .selectFrom('conversations')
      .select(['last_seq', 'assigned_to'])
      .where('id', '=', message.conversationId)
      .where('status', '!=', 'closed')
      .forUpdate()
      .executeTakeFirst();
    if (!conversation) return { ok: false, reason: 'gone' };
    // Staff write when they hold the conversation or joined it as a supervisor (a watcher reads only).
    if (message.sender === 'staff' && conversation.assigned_to !== message.staffId && !(message.staffId && (await staffMode(trx, message.conversationId, message.staffId)) === 'join')) {
      return { ok: false, reason: 'not_assigned' };
    }
    const existing = await trx
      .selectFrom('messages')
      .select(['seq', 'sender', 'created_at'])
      .where('conversation_id', '=', message.conversationId)
      .where('client_id', '=', message.clientId)
      .executeTakeFirst();
    if (existing) {
      return existing.sender === message.sender
        ? { ok: true, seq: existing.seq, createdAt: existing.created_at, assignedTo: conversation.assigned_to }
        : { ok: false, reason: 'conflict' };
    }
    const seq = conversation.last_seq + 1;
    await trx
      .updateTable('conversations')
      .set(message.sender === 'participant' ? { last_seq: seq, participant_active_at: now, warned_at: null } : { last_seq: seq })
      .where('id', '=', message.conversationId)
      .execute();
    const inserted = await trx
      .insertInto('messages')
      .values({
        conversation_id: message.conversationId,
        seq,
        client_id: message.clientId,
        sender: message.sender,
        staff_id: message.staffId,
        body: message.body,
      })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return { ok: true, seq, createdAt: inserted.created_at, assignedTo: conversation.assigned_to };
  });
}

/** Open conversations that may be unreadable at start: made under v1, or texts (whose secret is held in memory). */
export function openV1OrText(db: Db) {
  return db
    .selectFrom('conversations')
    .select(['id', 'protocol', 'channel'])
    .where('status', '!=', 'closed')
    .where((eb) => eb.or([eb('protocol', '=', 1), eb('channel', '=', 'sms')]))
    .execute();
}

/** The first escrow stands: a second holder's would seal the same secret again. */
export async function keepEscrow(db: Db, id: string, sealed: string): Promise<void> {
  await db.updateTable('conversations').set({ escrow: sealed }).where('id', '=', id).where('escrow', 'is', null).where('status', '!=', 'closed').execute();
}

/** A page of messages, each staff line with its writer's current display name (null for others, or a removed member). */
export function messagesAfter(db: Db, conversationId: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('messages')
    .leftJoin('staff', 'staff.id', 'messages.staff_id')
    .selectAll('messages')
    .select('staff.display_name as author_name')
    .where('messages.conversation_id', '=', conversationId)
    .where('messages.seq', '>', afterSeq)
    .orderBy('messages.seq')
    .limit(limit)
    .execute();
}

/** Locks a live conversation for the rest of the transaction; nothing if it is closed or gone (another node closed it first). */
export function lockLiveConversation(trx: Db, id: string): Promise<ConversationRow | undefined> {
  return trx.selectFrom('conversations').selectAll().where('id', '=', id).where('status', '!=', 'closed').forUpdate().executeTakeFirst();
}

/**
 * The conversation's own part of a close (conversations/close.ts composes the rest), on a row the
 * caller has locked: its messages and row are hard-deleted or, when the program keeps ciphertext
 * for a while, kept closed until `purge_at`.
 */
export async function endConversation(trx: Db, row: ConversationRow, retentionDays: number, now: Date): Promise<void> {
  if (retentionDays > 0) {
    await trx
      .updateTable('conversations')
      .set({
        status: 'closed',
        closed_at: now,
        purge_at: new Date(now.getTime() + retentionDays * 86_400_000),
        // The participant's token dies with the conversation even while its ciphertext is kept.
        token_hash: `closed:${row.id}`,
        warned_at: null,
      })
      .where('id', '=', row.id)
      .execute();
  } else {
    await trx.deleteFrom('messages').where('conversation_id', '=', row.id).execute();
    await trx.deleteFrom('conversations').where('id', '=', row.id).execute();
  }
}
