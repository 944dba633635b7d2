import { sql } from 'kysely';
import type { Db } from '../store/db';
import type { SmsConversationRow, SmsRemoteMessageRow } from '../store/schema';

type Provider = SmsConversationRow['provider'];

/** The program row's server key, made by whichever node asks first (the update is atomic). */
export async function programServerKey(db: Db, candidate: string): Promise<string | undefined> {
  const row = await db
    .updateTable('program')
    .set({ sms_server_key: sql<string>`coalesce(sms_server_key, ${candidate})` })
    .where('id', '=', 1)
    .returning('sms_server_key')
    .executeTakeFirst();
  return row?.sms_server_key ?? undefined;
}

/** The open conversation of a number, if any. */
export function openByPhone(db: Db, phoneHash: string) {
  return db
    .selectFrom('sms_conversations')
    .innerJoin('conversations', 'conversations.id', 'sms_conversations.conversation_id')
    .selectAll('sms_conversations')
    .select('conversations.epoch')
    .where('sms_conversations.phone_hash', '=', phoneHash)
    .where('conversations.status', '!=', 'closed')
    .executeTakeFirst();
}

export function byConversation(db: Db, conversationId: string) {
  return db.selectFrom('sms_conversations').selectAll().where('conversation_id', '=', conversationId).executeTakeFirst();
}

export interface NewSmsConversation {
  conversationId: string;
  smsId: string;
  provider: Provider;
  epoch: number;
  /** Hash of a token nobody holds: an SMS participant has no socket, but the column is the web's key. */
  tokenHash: string;
  language: string;
  /** The server's E for this conversation (conversations/server-held.ts). */
  participantKey: string;
  phoneHash: string;
  phoneSealed: string;
  /** Set when an advocate starts the conversation to a number: it is theirs from the start. */
  assignedTo: string | null;
}

/**
 * The conversation row and its number in one transaction. Returns false when the number already
 * has an open conversation (two texts raced in): nothing is written and the caller looks again.
 */
export function insertSmsConversation(db: Db, input: NewSmsConversation): Promise<boolean> {
  return db
    .transaction()
    .execute(async (trx) => {
      await trx
        .insertInto('conversations')
        .values({
          id: input.conversationId,
          channel: 'sms',
          status: input.assignedTo ? 'active' : 'waiting',
          language: input.language,
          participant_key: input.participantKey,
          epoch: input.epoch,
          token_hash: input.tokenHash,
          assigned_to: input.assignedTo,
          answered_at: input.assignedTo ? new Date() : null,
          outbound: input.assignedTo !== null,
        })
        .execute();
      const inserted = await trx
        .insertInto('sms_conversations')
        .values({
          id: input.smsId,
          conversation_id: input.conversationId,
          provider: input.provider,
          phone_hash: input.phoneHash,
          phone_sealed: input.phoneSealed,
          language: input.language,
        })
        .onConflict((c) => c.column('phone_hash').where('conversation_id', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new NumberTaken();
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof NumberTaken) return false;
      throw error;
    });
}

class NumberTaken extends Error {}

export async function markStartNoticeSent(db: Db, smsId: string): Promise<void> {
  await db.updateTable('sms_conversations').set({ start_notice_sent: true }).where('id', '=', smsId).execute();
}

export async function markStopped(db: Db, smsId: string): Promise<void> {
  await db.updateTable('sms_conversations').set({ stopped_at: sql<Date>`now()` }).where('id', '=', smsId).execute();
}

/**
 * Detaches the SMS rows of conversations closed but kept for the program's retention; a deleted
 * conversation detaches them itself, through the foreign keys' ON DELETE SET NULL.
 */
export async function detachClosed(db: Db): Promise<void> {
  const closed = db.selectFrom('conversations').select('id').where('status', '=', 'closed');
  await db.updateTable('sms_conversations').set({ conversation_id: null }).where('conversation_id', 'in', closed).execute();
  await db.updateTable('sms_remote_messages').set({ conversation_id: null }).where('conversation_id', 'in', closed).execute();
}

/**
 * Takes the numbers of conversations that have closed (detached: conversation_id is null).
 * The delete hands each row to exactly one caller, whichever node it runs on.
 */
export function takeDetached(db: Db): Promise<SmsConversationRow[]> {
  return db.deleteFrom('sms_conversations').where('conversation_id', 'is', null).returningAll().execute();
}

/** Keeps a provider's message id until the provider has deleted it; a conversation already gone makes it due at once. */
export async function recordRemoteMessage(
  db: Db,
  row: { id: string; conversationId: string | null; provider: Provider; messageIdSealed: string; direction: 'inbound' | 'outbound' },
): Promise<void> {
  const values = { id: row.id, provider: row.provider, message_id_sealed: row.messageIdSealed, direction: row.direction };
  try {
    await db
      .insertInto('sms_remote_messages')
      .values((eb) => ({
        ...values,
        conversation_id: row.conversationId ? eb.selectFrom('conversations').select('id').where('id', '=', row.conversationId) : null,
      }))
      .execute();
  } catch {
    // The conversation closed between the lookup and the key check: the message is due for deletion now.
    await db.insertInto('sms_remote_messages').values({ ...values, conversation_id: null }).execute();
  }
}

/**
 * Claims due deletions for one sweep: FOR UPDATE SKIP LOCKED so nodes never take the same row,
 * and the due time is pushed past the sweep (a lease) so a node that dies mid-sweep leaves them
 * for another. The network calls happen after this short transaction, never inside one.
 */
export function claimDueDeletions(db: Db, limit: number, leaseSeconds: number): Promise<SmsRemoteMessageRow[]> {
  return db
    .updateTable('sms_remote_messages')
    .set((eb) => ({
      due_at: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('sms_remote_messages')
        .select('id')
        .where('conversation_id', 'is', null)
        .where('due_at', '<=', sql<Date>`now()`)
        .orderBy('due_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function deleteRemoteMessage(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sms_remote_messages').where('id', '=', id).execute();
}

export async function rescheduleRemoteMessage(db: Db, id: string, dueAt: Date, error: string): Promise<void> {
  await db.updateTable('sms_remote_messages').set({ due_at: dueAt, last_error: error }).where('id', '=', id).execute();
}

/** What admins see: how many deletions wait, and the ones that failed (provider, attempts, error code; no ids). */
export async function deletionStatus(db: Db) {
  const counts = await db
    .selectFrom('sms_remote_messages')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('conversation_id', 'is', null).as('due'),
      eb.fn.countAll<number>().filterWhere('conversation_id', 'is not', null).as('open'),
    ])
    .executeTakeFirstOrThrow();
  const failing = await db
    .selectFrom('sms_remote_messages')
    .select(['provider', 'direction', 'attempts', 'last_error', 'due_at', 'created_at'])
    .where('conversation_id', 'is', null)
    .where('last_error', 'is not', null)
    .orderBy('created_at')
    .limit(100)
    .execute();
  return { due: Number(counts.due), open: Number(counts.open), failing };
}

export async function retryDeletionsNow(db: Db): Promise<void> {
  await db.updateTable('sms_remote_messages').set({ due_at: sql<Date>`now()` }).where('conversation_id', 'is', null).execute();
}

export async function seen(db: Db, idHash: string): Promise<boolean> {
  return (await db.selectFrom('sms_seen').select('id_hash').where('id_hash', '=', idHash).executeTakeFirst()) !== undefined;
}

export async function markSeen(db: Db, idHash: string, expiresAt: Date): Promise<void> {
  await db.insertInto('sms_seen').values({ id_hash: idHash, expires_at: expiresAt }).onConflict((c) => c.column('id_hash').doNothing()).execute();
}

export async function optOut(db: Db, phoneHash: string): Promise<void> {
  await db.insertInto('sms_opt_outs').values({ phone_hash: phoneHash }).onConflict((c) => c.column('phone_hash').doNothing()).execute();
}

/** Lifts an opt-out; true when there was one. */
export async function optIn(db: Db, phoneHash: string): Promise<boolean> {
  const removed = await db.deleteFrom('sms_opt_outs').where('phone_hash', '=', phoneHash).returning('phone_hash').executeTakeFirst();
  return removed !== undefined;
}

export async function optedOut(db: Db, phoneHash: string): Promise<boolean> {
  return (await db.selectFrom('sms_opt_outs').select('phone_hash').where('phone_hash', '=', phoneHash).executeTakeFirst()) !== undefined;
}

export async function recordStop(db: Db, conversationHash: string, expiresAt: Date): Promise<void> {
  await db
    .insertInto('sms_stops')
    .values({ conversation_hash: conversationHash, expires_at: expiresAt })
    .onConflict((c) => c.column('conversation_hash').doNothing())
    .execute();
}

export async function stoppedRecently(db: Db, conversationHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('sms_stops')
    .select('conversation_hash')
    .where('conversation_hash', '=', conversationHash)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets de-duplication hashes and STOP markers past their time. */
export async function pruneExpired(db: Db): Promise<void> {
  const now = new Date();
  await db.deleteFrom('sms_seen').where('expires_at', '<=', now).execute();
  await db.deleteFrom('sms_stops').where('expires_at', '<=', now).execute();
}


/** The sequence number of a message already stored under this client id (a resent staff text). */
export async function storedSeq(db: Db, conversationId: string, clientId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('messages')
    .select('seq')
    .where('conversation_id', '=', conversationId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.seq;
}
