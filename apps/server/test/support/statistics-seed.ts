import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/store/db';
import { closeConversation } from '../../src/conversations/close';

export interface SeededConversation {
  channel?: 'web' | 'sms';
  /** When the participant (or, for outbound, the advocate) started it. */
  startedAt: Date;
  /** Seconds until an advocate answered; null: it closed unanswered. */
  answeredAfter: number | null;
  /** Seconds from the start to the close. */
  closedAfter: number;
  outbound?: boolean;
}

/**
 * Conversations at chosen moments, closed through the store's real close (which is what fills
 * `conversation_stats`), for tests that need counts in particular hours of the past.
 */
export async function seedClosed(db: Db, conversations: SeededConversation[]): Promise<void> {
  for (const c of conversations) {
    const id = randomUUID();
    const at = (seconds: number) => new Date(c.startedAt.getTime() + seconds * 1000);
    await db
      .insertInto('conversations')
      .values({
        id,
        channel: c.channel ?? 'web',
        status: c.answeredAfter === null ? 'waiting' : 'active',
        language: null,
        participant_key: null,
        epoch: 1,
        token_hash: `seed:${id}`,
        assigned_to: null,
        created_at: c.startedAt,
        answered_at: c.answeredAfter === null ? null : at(c.answeredAfter),
        outbound: c.outbound ?? false,
      })
      .execute();
    await closeConversation(db, id, 0, at(c.closedAfter));
  }
}
