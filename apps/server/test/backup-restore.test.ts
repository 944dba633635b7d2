import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { openStore, type Store } from '../src/store/db';
import { availableBackends, openTestStore, POSTGRES_ADMIN_URL, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, signIn, startParticipant } from './support/clients';
import { startServer, type TestServer } from './support/server';

const backends = await availableBackends();
const USERNAME = 'restoreadmin';
const PASSWORD = 'backup and restore password';

/** What a restored instance must still do: the admin signs in (salt, proof, wrapped key, grant) and sees the waiting chat. */
async function expectServes(server: TestServer, conversationId: string): Promise<void> {
  const admin = await signIn(server.url, USERNAME, PASSWORD);
  expect(admin.programPrivate.has(1)).toBe(true);
  const socket = await FrameSocket.connect(server.wsUrl, admin.session.token);
  const queue = await socket.next((f: ServerFrame) => f.type === 'queue');
  expect(queue.type === 'queue' && queue.conversations.map((c) => c.id)).toContain(conversationId);
  socket.close();
}

async function populate(server: TestServer): Promise<string> {
  expect((await setupAdmin(server.url, server.setupToken, USERNAME, PASSWORD)).status).toBe(201);
  return (await startParticipant(server.url)).started.conversationId;
}

describe.runIf(backends.includes('postgres'))('backup and restore on PostgreSQL (docs/operations.md)', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('restores a pg_dump taken while the server runs, and the restored instance serves', async () => {
    const source: TestStore = await openTestStore('postgres');
    cleanup.push(() => source.dispose());
    const running = await startServer(source.store);
    cleanup.push(() => running.close());
    const conversationId = await populate(running);

    const sourceUrl = await databaseUrlOf(source.store);
    const dir = mkdtempSync(join(tmpdir(), 'lantern-backup-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    execFileSync('pg_dump', ['--format=custom', `--file=${join(dir, 'lantern.dump')}`, sourceUrl]);

    const name = `lantern_restore_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    cleanup.push(() => adminQuery(`drop database if exists ${name} with (force)`));
    const restoredUrl = new URL(POSTGRES_ADMIN_URL);
    restoredUrl.pathname = `/${name}`;
    execFileSync('pg_restore', ['--no-owner', `--dbname=${restoredUrl.href}`, join(dir, 'lantern.dump')]);

    const restoredStore = await openStore({ dataDir: '', databaseUrl: restoredUrl.href });
    cleanup.push(() => restoredStore.close());
    const restored = await startServer(restoredStore);
    cleanup.push(() => restored.close());
    expect(restored.setupToken).toBe('');
    await expectServes(restored, conversationId);
  });
});

describe('backup and restore of the embedded database (docs/operations.md)', () => {
  it('restores a copy of DATA_DIR taken with the server stopped', async () => {
    const source = await openTestStore('pglite');
    const running = await startServer(source.store);
    const conversationId = await populate(running);
    await running.close();
    await source.store.close();
    const copy = mkdtempSync(join(tmpdir(), 'lantern-restored-'));
    try {
      cpSync(source.dataDir!, copy, { recursive: true });
      rmSync(source.dataDir!, { recursive: true, force: true });
      const restoredStore = await openStore({ dataDir: copy, databaseUrl: undefined });
      const restored = await startServer(restoredStore);
      try {
        await expectServes(restored, conversationId);
      } finally {
        await restored.close();
        await restoredStore.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

async function databaseUrlOf(store: Store): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(store.db);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${rows[0]!.name}`;
  return url.href;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
