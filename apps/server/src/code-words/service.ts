import type { CodeWordIssued, CodeWordRecord, SetCodeWord } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import { ConversationError } from '../conversations/conversation-error';
import type { ConversationService } from '../conversations/service';
import type { Db } from '../store/db';
import { hashToken, newToken } from '../tokens';
import { newReference } from './reference';
import * as store from './store';

/** How long the participant's page has to set a code word after the advocate issues the reference. */
const SET_WITHIN_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** How long after a check the member may renew the reference in that chat. */
const RENEW_WITHIN_MS = 60 * 60 * 1000;

/** A set token works only from its chat: the chat is in the hash, not in the row. */
const pendingHash = (setToken: string, conversationId: string) => hashToken(`${setToken}|${conversationId}`);
const checkedHash = (conversationId: string) => hashToken(`code-word-check|${conversationId}`);

/**
 * Code words of returning participants. The server hands out references and one-time tokens and
 * keeps sealed code words; it never sees a code word, nor whether a check matched (the staff
 * browser compares, and the outcome is derived from end-to-end encrypted content).
 */
export class CodeWords {
  constructor(
    private readonly db: Db,
    private readonly conversations: ConversationService,
    private readonly audit: AuditLog,
    /** A code word older than this is flagged for renewal (CODE_WORD_ROTATION_DAYS). */
    private readonly rotationDays: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A reference (new, or an existing one taking a new code word) for the participant of a web chat the member holds. */
  async issue(staff: { staffId: string; displayName: string }, input: { conversationId: string; reference?: string | undefined }): Promise<CodeWordIssued> {
    const row = await this.conversations.authorize({ role: 'staff', ...staff }, input.conversationId);
    if (row.channel !== 'web') throw new ConversationError('forbidden', 'Code words are set from the chat page: this is a text conversation.');
    const now = this.clock();
    await store.deleteExpiredPending(this.db, now);
    const setToken = newToken();
    const expiresAt = new Date(now.getTime() + SET_WITHIN_MS);
    const pending = pendingHash(setToken, input.conversationId);
    let reference = input.reference;
    if (reference) {
      // Only a reference just checked in this chat: another member's chat cannot take someone's reference over.
      const renewed = await store.renewPending(this.db, { reference, checkedHash: checkedHash(input.conversationId), pendingHash: pending, expiresAt, now });
      if (!renewed) throw new ConversationError('not_found', 'Check this reference in this chat first: only then can it take a new code word.');
    } else {
      do reference = newReference();
      while (!(await store.insertPending(this.db, reference, pending, expiresAt)));
    }
    // Neither the reference nor the conversation: the log must not link a returning person to anything.
    await this.audit.record('code_word.issued', staff.staffId, { renewal: input.reference !== undefined });
    return { reference, setToken, expiresAt: expiresAt.toISOString() };
  }

  /** The participant's page stores the code word it sealed, from the chat the token was issued in; the token is good once. */
  async set(input: SetCodeWord): Promise<void> {
    if (!(await store.epochExists(this.db, input.epoch))) throw new ConversationError('not_found', 'That program key is unknown.');
    const conversation = await this.conversations.participantForToken(input.token);
    const refused = 'This code word request is unknown or has expired. Please ask the advocate again.';
    if (!conversation || conversation.status === 'closed') throw new ConversationError('not_found', refused);
    const stored = await store.setSealed(this.db, {
      reference: input.reference,
      pendingHash: pendingHash(input.setToken, conversation.id),
      sealed: input.sealed,
      epoch: input.epoch,
      now: this.clock(),
    });
    if (!stored) throw new ConversationError('not_found', refused);
  }

  /** The sealed code word of a reference, for a staff browser to open and compare, in a chat the member holds. */
  async lookup(staff: { staffId: string; displayName: string }, input: { reference: string; conversationId: string }): Promise<CodeWordRecord> {
    const chat = await this.conversations.authorize({ role: 'staff', ...staff }, input.conversationId);
    if (chat.channel !== 'web') throw new ConversationError('forbidden', 'Code words are checked in web chats.');
    const row = await store.findSet(this.db, input.reference);
    if (!row?.sealed || row.epoch === null || !row.created_at) throw new ConversationError('not_found', 'No code word is set for that reference.');
    const now = this.clock();
    await store.markChecked(this.db, row.reference, checkedHash(input.conversationId), new Date(now.getTime() + RENEW_WITHIN_MS));
    await this.audit.record('code_word.verified', staff.staffId, {});
    const ageDays = (now.getTime() - row.created_at.getTime()) / DAY_MS;
    return {
      reference: row.reference,
      sealed: row.sealed,
      epoch: row.epoch,
      setAt: row.created_at.toISOString(),
      stale: ageDays > this.rotationDays,
      rotationDays: this.rotationDays,
    };
  }
}
