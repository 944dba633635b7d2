import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * SMS: conversations without a participant key, the phone number of an open conversation
 * (sealed with the server key), provider message ids waiting for deletion, opt-outs and
 * de-duplication hashes. The SMS rows point at conversations with ON DELETE SET NULL, so the
 * lead's close transaction detaches them atomically; the SMS module then erases the number and
 * asks the provider to delete its copies.
 */
export const sms: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('conversations').alterColumn('participant_key', (c) => c.dropNotNull()).execute();
    await db.schema.alterTable('program').addColumn('sms_server_key', 'text').execute();

    await db.schema
      .createTable('sms_conversations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.references('conversations.id').onDelete('set null'))
      .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('twilio', 'telnyx', 'vonage')`))
      .addColumn('phone_hash', 'text', (c) => c.notNull())
      .addColumn('phone_sealed', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('start_notice_sent', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('stopped_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    // One open conversation per number; a detached row (closing) no longer counts.
    await db.schema
      .createIndex('sms_conversations_open_phone')
      .unique()
      .on('sms_conversations')
      .column('phone_hash')
      .where(sql.ref('conversation_id'), 'is not', null)
      .execute();
    await db.schema.createIndex('sms_conversations_conversation').unique().on('sms_conversations').column('conversation_id').execute();

    await db.schema
      .createTable('sms_remote_messages')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('conversation_id', 'uuid', (c) => c.references('conversations.id').onDelete('set null'))
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('message_id_sealed', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('inbound', 'outbound')`))
      .addColumn('due_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('sms_remote_messages_due')
      .on('sms_remote_messages')
      .column('due_at')
      .where(sql.ref('conversation_id'), 'is', null)
      .execute();
    await db.schema.createIndex('sms_remote_messages_conversation').on('sms_remote_messages').column('conversation_id').execute();

    await db.schema
      .createTable('sms_seen')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sms_opt_outs')
      .addColumn('phone_hash', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('sms_stops')
      .addColumn('conversation_hash', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
};
