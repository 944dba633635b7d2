import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../../src/app';
import { redisBus } from '../../src/bus/redis';
import type { Config } from '../../src/config';
import type { Sweeper } from '../../src/jobs/sweeper';
import { createLogger } from '../../src/log';
import { openStore, type Store } from '../../src/store/db';
import { POSTGRES_ADMIN_URL } from './backends';
import { setupAdmin } from './clients';
import { testConfig } from './server';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** PostgreSQL and Redis both answer (always assumed on CI, where a missing one must fail). */
export async function scaleOutAvailable(): Promise<boolean> {
  if (process.env.CI) return true;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 1000 });
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    await redis.connect();
    return true;
  } catch {
    console.warn('PostgreSQL or Redis is not reachable: skipping the multi-node tests');
    return false;
  } finally {
    await client.end().catch(() => {});
    redis.disconnect();
  }
}

/** A fresh database for one test file, and a Redis channel no other run shares. */
export async function freshDatabase(): Promise<{ url: string; channel: string; drop(): Promise<void> }> {
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, channel: `lantern:${name}`, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export interface InProcessNode {
  url: string;
  wsUrl: string;
  port: number;
  store: Store;
  sweeper: Sweeper;
  close(): Promise<void>;
}

/**
 * `count` app instances in this process sharing one PostgreSQL database and one Redis channel,
 * as nodes behind a load balancer would; the first sets up the program (admin / correct horse battery).
 */
export async function startNodes(count: number, database: { url: string; channel: string }, overrides: Partial<Config> = {}, clock?: () => Date): Promise<InProcessNode[]> {
  const nodes: InProcessNode[] = [];
  for (let i = 0; i < count; i++) {
    const store = await openStore({ dataDir: '', databaseUrl: database.url });
    const bus = await redisBus(REDIS_URL, database.channel);
    const config = testConfig({ databaseUrl: database.url, redisUrl: REDIS_URL, redisChannel: database.channel, logLevel: 'warn', ...overrides });
    const { app, accounts, sweeper } = await buildApp({ config, store, bus, logger: createLogger('warn'), ...(clock ? { clock } : {}) });
    await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
    const port = (app.server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}`;
    nodes.push({ url, wsUrl: `ws://127.0.0.1:${port}/ws`, port, store, sweeper, close: async () => (await app.close(), await bus.close(), await store.close()) });
    if (i === 0) await setupAdmin(url, (await accounts.prepareSetup('Test'))!);
  }
  return nodes;
}
