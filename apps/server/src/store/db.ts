import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { databaseSeconds } from '../metrics/instruments';
import { migrationProvider } from './migrations/index';
import { pgliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface StoreOptions {
  /** PostgreSQL when set; otherwise PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// timestamptz and bigint come back as Date and number; our counters stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openStore(options: StoreOptions): Promise<Store> {
  const db = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openPglite(options.dataDir);
  await migrate(db);
  return { db, kind: options.databaseUrl ? 'postgres' : 'pglite', close: () => db.destroy() };
}

async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server drops (restart, failover) must not take the process down; the pool reconnects.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: timeQuery });
}

async function openPglite(dataDir: string): Promise<Db> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create({ dataDir, parsers: { 20: (value: string) => Number(value) } });
  return new Kysely<Database>({ dialect: pgliteDialect(client), log: timeQuery });
}

/** Every statement's round trip, for the metrics; the statement itself is not kept. */
function timeQuery(event: LogEvent): void {
  databaseSeconds.observe(event.queryDurationMillis / 1000);
}

async function migrate(db: Db): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
}
