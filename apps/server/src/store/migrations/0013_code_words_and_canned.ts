import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { STANDARD_TEXTS } from './0013_standard_texts';

/**
 * Code words of returning participants (no conversation id: a row outlives every conversation,
 * that is its purpose) and the program's library of standard texts, seeded in en, fr and ar.
 */
export const codeWordsAndCanned: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('code_words')
      .addColumn('reference', 'text', (c) => c.primaryKey())
      // Null until the participant's page has sealed one; the three are set together.
      .addColumn('sealed', 'text')
      .addColumn('epoch', 'integer')
      .addColumn('created_at', 'timestamptz')
      // Hash of the one-time token that lets a page set (or replace) the code word, while one is owed.
      .addColumn('pending_hash', 'text')
      .addColumn('pending_expires_at', 'timestamptz')
      .execute();
    await db.schema
      .createTable('canned_messages')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db
      .insertInto('canned_messages')
      .values(STANDARD_TEXTS.map((standard) => ({ id: randomUUID(), ...standard })))
      .execute();
  },
};
