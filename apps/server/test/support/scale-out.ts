import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_ADMIN_URL } from './backends';

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
