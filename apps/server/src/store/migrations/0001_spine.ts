import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Programs, staff and their keys, live conversations and their ciphertext, hourly counters. */
export const spine: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('program')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('server_secret', 'text', (c) => c.notNull())
      .addColumn('setup_token_hash', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('program_keys')
      .addColumn('epoch', 'integer', (c) => c.primaryKey())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('staff')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('advocate', 'supervisor', 'admin')`))
      .addColumn('kdf_salt', 'text', (c) => c.notNull())
      .addColumn('kdf_iterations', 'integer', (c) => c.notNull())
      .addColumn('proof_hash', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('wrapped_private_key', 'text', (c) => c.notNull())
      .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('key_grants')
      .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('epoch', 'integer', (c) => c.notNull().references('program_keys.epoch'))
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'uuid', (c) => c.references('staff.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('key_grants_pk', ['staff_id', 'epoch'])
      .execute();
    await db.schema
      .createTable('staff_invites')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_by', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('staff_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'uuid', (c) => c.notNull().references('staff.id').onDelete('cascade'))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createTable('conversations')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('web', 'sms')`))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('waiting', 'active')`))
      .addColumn('language', 'text')
      .addColumn('participant_key', 'text', (c) => c.notNull())
      .addColumn('epoch', 'integer', (c) => c.notNull().references('program_keys.epoch'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('assigned_to', 'uuid', (c) => c.references('staff.id').onDelete('set null'))
      .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('answered_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('conversations_status').on('conversations').columns(['status', 'created_at']).execute();
    await db.schema
      .createTable('messages')
      .addColumn('conversation_id', 'uuid', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('client_id', 'uuid', (c) => c.notNull())
      .addColumn('sender', 'text', (c) => c.notNull().check(sql`sender in ('participant', 'staff', 'interpreter')`))
      .addColumn('staff_id', 'uuid', (c) => c.references('staff.id').onDelete('set null'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('messages_pk', ['conversation_id', 'seq'])
      .addUniqueConstraint('messages_client_id', ['conversation_id', 'client_id'])
      .execute();
    await db.schema
      .createTable('conversation_stats')
      .addColumn('hour', 'timestamptz', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('started', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('answered', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('abandoned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('wait_seconds', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('duration_seconds', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('conversation_stats_pk', ['hour', 'channel'])
      .execute();
  },
};
