import type { NoticeSet, Question } from '@lantern/protocol';
import type { Db } from '../store/db';

export interface StoredNotices {
  /** Only what differs from the built-in texts, by language. */
  notices: Record<string, Partial<NoticeSet>>;
  questions: Question[];
}

export async function readNotices(db: Db): Promise<StoredNotices> {
  const row = await db.selectFrom('program').select(['notices', 'questions']).where('id', '=', 1).executeTakeFirst();
  return { notices: row?.notices ?? {}, questions: row?.questions ?? [] };
}

export async function writeNotices(db: Db, stored: StoredNotices): Promise<void> {
  await db
    .updateTable('program')
    .set({
      notices: Object.keys(stored.notices).length > 0 ? JSON.stringify(stored.notices) : null,
      questions: stored.questions.length > 0 ? JSON.stringify(stored.questions) : null,
    })
    .where('id', '=', 1)
    .execute();
}

/** Sets the moment once; true when this call set it (the first "I understand"). */
export async function acknowledgeRights(db: Db, conversationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ rights_acknowledged_at: now })
    .where('id', '=', conversationId)
    .where('status', '!=', 'closed')
    .where('rights_acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
