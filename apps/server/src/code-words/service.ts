import type { CodeWordIssued, CodeWordRecord, SetCodeWord } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import { ConversationError, type ConversationService } from '../conversations/service';
import type { Db } from '../store/db';
import { hashToken, newToken } from '../tokens';
import { newReference } from './reference';
import * as store from './store';

/** How long the participant's page has to set a code word after the advocate issues the reference. */
const SET_WITHIN_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

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
    let reference = input.reference;
    if (reference) {
      if (!(await store.renewPending(this.db, reference, hashToken(setToken), expiresAt))) {
        throw new ConversationError('not_found', 'No code word has that reference.');
      }
    } else {
      do reference = newReference();
      while (!(await store.insertPending(this.db, reference, hashToken(setToken), expiresAt)));
    }
    // Neither the reference nor the conversation: the log must not link a returning person to anything.
    await this.audit.record('code_word.issued', staff.staffId, { renewal: input.reference !== undefined });
    return { reference, setToken, expiresAt: expiresAt.toISOString() };
  }

  /** The participant's page stores the code word it sealed; the token is good once. */
  async set(input: SetCodeWord): Promise<void> {
    if (!(await store.epochExists(this.db, input.epoch))) throw new ConversationError('not_found', 'That program key is unknown.');
    const stored = await store.setSealed(this.db, {
      reference: input.reference,
      pendingHash: hashToken(input.setToken),
      sealed: input.sealed,
      epoch: input.epoch,
      now: this.clock(),
    });
    if (!stored) throw new ConversationError('not_found', 'This code word request is unknown or has expired. Please ask the advocate again.');
  }

  /** The sealed code word of a reference, for a staff browser to open and compare. */
  async lookup(staffId: string, reference: string): Promise<CodeWordRecord> {
    const row = await store.findSet(this.db, reference);
    if (!row?.sealed || row.epoch === null || !row.created_at) throw new ConversationError('not_found', 'No code word is set for that reference.');
    await this.audit.record('code_word.verified', staffId, {});
    const ageDays = (this.clock().getTime() - row.created_at.getTime()) / DAY_MS;
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
