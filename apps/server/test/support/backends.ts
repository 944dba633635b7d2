import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db';

/** Where the PostgreSQL half of the suite runs; CI has a server here with trust auth. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type BackendName = 'pglite' | 'postgres';

export interface TestStore {
  store: Store;
  /** PGlite's data directory, for scanning files at rest. */
  dataDir: string | null;
  dispose(): Promise<void>;
}

/** Both backends run the same suite; PostgreSQL is skipped only off CI when no server answers. */
export async function availableBackends(): Promise<BackendName[]> {
  if (process.env.CI) return ['pglite', 'postgres'];
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return ['pglite', 'postgres'];
  } catch {
    console.warn('PostgreSQL is not reachable: running the PGlite half of the suite only');
    return ['pglite'];
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openTestStore(backend: BackendName): Promise<TestStore> {
  if (backend === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'lantern-test-'));
    const store = await openStore({ dataDir, databaseUrl: undefined });
    return {
      store,
      dataDir,
      async dispose() {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ dataDir: '', databaseUrl: url.href });
  return {
    store,
    dataDir: null,
    async dispose() {
      await store.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
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
