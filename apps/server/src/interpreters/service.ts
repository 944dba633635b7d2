import type { InterpreterInvited, InterpreterSession } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import { ConversationError } from '../conversations/conversation-error';
import type { Db } from '../store/db';
import { findConversation } from '../conversations/store';
import { hashToken, newToken } from '../tokens';
import * as seats from './store';

/** How long an interpreter link can be opened; it also dies when the conversation closes. */
export const INVITE_MINUTES = 30;

export const INTERPRETER_PAGE_PATH = '/interpret';

/**
 * A live interpreter as a third party to one web conversation: a single-use link made by the
 * assigned advocate, redeemed once for a socket credential, admitted only when the participant
 * agrees. The link's conversation keys are in its fragment and never reach this server.
 */
export class InterpreterService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly publicUrl: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async invite(staffId: string, conversationId: string): Promise<InterpreterInvited> {
    const row = await this.assignedConversation(staffId, conversationId);
    if (row.channel !== 'web') {
      throw new ConversationError('forbidden', 'An interpreter can join web chats only: a text conversation has no keys to share.');
    }
    const token = newToken();
    const expiresAt = new Date(this.clock().getTime() + INVITE_MINUTES * 60_000);
    if (!(await seats.upsertInvite(this.db, conversationId, hashToken(token), expiresAt))) {
      throw new ConversationError('conflict', 'An interpreter is already in this conversation (or being asked about): remove them first.');
    }
    // Neither the conversation nor anything about the interpreter: only that one was invited.
    await this.audit.record('interpreter.invited', staffId, {});
    await this.publish(conversationId, 'invited', row.assigned_to);
    return { token, url: `${this.publicUrl.replace(/\/+$/, '')}${INTERPRETER_PAGE_PATH}`, expiresAt: expiresAt.toISOString() };
  }

  /** The interpreter opens the link: its token is spent, and the participant is asked. */
  async redeem(token: string): Promise<InterpreterSession> {
    const sessionToken = newToken();
    const redeemed = await seats.redeemInvite(this.db, hashToken(token), hashToken(sessionToken), this.clock());
    if (!redeemed) throw new ConversationError('not_found', 'This interpreter link has been used, has expired, or its chat has ended.');
    await this.publish(redeemed.conversation_id, 'asking', await this.assignedTo(redeemed.conversation_id));
    return { conversationId: redeemed.conversation_id, sessionToken };
  }

  /** The participant's answer to "an interpreter is ready to join". */
  async consent(conversationId: string, accept: boolean): Promise<void> {
    const answered = await seats.answerConsent(this.db, conversationId, accept);
    if (!answered) throw new ConversationError('conflict', 'No interpreter is waiting to join.');
    if (accept) await this.audit.record('interpreter.joined', null, {});
    await this.publish(conversationId, accept ? 'joined' : 'declined', await this.assignedTo(conversationId));
  }

  /** The assigned advocate removes the interpreter (or withdraws the link). */
  async remove(staffId: string, conversationId: string): Promise<void> {
    const row = await this.assignedConversation(staffId, conversationId);
    if (!(await seats.endInterpreter(this.db, conversationId))) throw new ConversationError('not_found', 'No interpreter is in this conversation.');
    await this.publish(conversationId, 'left', row.assigned_to);
  }

  /** The interpreter leaves by themselves. */
  async leave(conversationId: string): Promise<void> {
    if (!(await seats.endInterpreter(this.db, conversationId))) return;
    await this.publish(conversationId, 'left', await this.assignedTo(conversationId));
  }

  /** The interpreter behind a socket credential, if they are being asked about or in. */
  sessionFor(token: string) {
    return seats.findBySession(this.db, hashToken(token));
  }

  async stateOf(conversationId: string) {
    return (await seats.findForConversation(this.db, conversationId))?.state ?? null;
  }

  private async assignedConversation(staffId: string, conversationId: string) {
    const row = await findConversation(this.db, conversationId);
    if (!row) throw new ConversationError('not_found', 'That conversation has ended.');
    if (row.assigned_to !== staffId) throw new ConversationError('forbidden', 'This conversation is not yours.');
    return row;
  }

  private async assignedTo(conversationId: string): Promise<string | null> {
    return (await findConversation(this.db, conversationId))?.assigned_to ?? null;
  }

  private publish(conversationId: string, state: seats.InterpreterStateName, assignedTo: string | null) {
    return this.bus.publish({ kind: 'interpreter', conversationId, state, assignedTo });
  }
}

/**
 * What an interpreter's socket may read and write: its own conversation, once admitted, and only
 * messages from the moment it joined (the keys would open earlier ones; the server withholds them).
 * Returns the last seq before the interpreter joined.
 */
export async function admittedFrom(db: Db, actor: { conversationId: string; sessionHash: string }, conversationId: string): Promise<number> {
  if (actor.conversationId !== conversationId) throw new ConversationError('forbidden', 'Not your conversation.');
  const seat = await seats.findForConversation(db, conversationId);
  if (!seat || seat.session_hash !== actor.sessionHash) throw new ConversationError('forbidden', 'You are no longer in this conversation.');
  if (seat.state !== 'joined') throw new ConversationError('forbidden', 'The participant has not agreed to an interpreter yet.');
  return seat.joined_seq ?? 0;
}
