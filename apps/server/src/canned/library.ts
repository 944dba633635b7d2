import { randomUUID } from 'node:crypto';
import type { CannedInput, CannedMessage } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import { ConversationError } from '../conversations/conversation-error';
import type { Db } from '../store/db';

const MAX_MESSAGES = 500;

/** The program's standard texts. Plain text on purpose: they are the program's own words, the same for everyone. */
export class CannedLibrary {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<CannedMessage[]> {
    return this.db.selectFrom('canned_messages').select(['id', 'title', 'text', 'language']).orderBy('language').orderBy('title').orderBy('id').execute();
  }

  async create(input: CannedInput, actorId: string): Promise<CannedMessage> {
    const count = await this.db.selectFrom('canned_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_MESSAGES) throw new ConversationError('conflict', `The library holds at most ${MAX_MESSAGES} texts: remove one first.`);
    const message = { id: randomUUID(), ...clean(input) };
    await this.db.insertInto('canned_messages').values(message).execute();
    await this.audit.record('canned.changed', actorId, { change: 'added', title: message.title, language: message.language });
    return message;
  }

  async update(id: string, input: CannedInput, actorId: string): Promise<CannedMessage> {
    const updated = await this.db
      .updateTable('canned_messages')
      .set({ ...clean(input), updated_at: new Date() })
      .where('id', '=', id)
      .returning(['id', 'title', 'text', 'language'])
      .executeTakeFirst();
    if (!updated) throw new ConversationError('not_found', 'That text is no longer in the library.');
    await this.audit.record('canned.changed', actorId, { change: 'edited', title: updated.title, language: updated.language });
    return updated;
  }

  async remove(id: string, actorId: string): Promise<void> {
    const removed = await this.db.deleteFrom('canned_messages').where('id', '=', id).returning(['title', 'language']).executeTakeFirst();
    if (!removed) throw new ConversationError('not_found', 'That text is no longer in the library.');
    await this.audit.record('canned.changed', actorId, { change: 'removed', title: removed.title, language: removed.language });
  }
}

const clean = (input: CannedInput) => ({ title: input.title.trim(), text: input.text.trim(), language: input.language.toLowerCase() });
