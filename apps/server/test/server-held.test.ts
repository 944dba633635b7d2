import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { assertRedisKeepsNothing } from '../src/conversations/server-held';
import { scaleOutAvailable } from './support/scale-out';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Text conversations' secrets may live in Redis only if it writes nothing to disk (conversations/server-held.ts). */
describe.runIf(await scaleOutAvailable())('the Redis that holds text conversations’ secrets', () => {
  it('is accepted when it keeps nothing on disk, as the machine’s Redis is run', async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      await expect(assertRedisKeepsNothing(redis)).resolves.toBeUndefined();
    } finally {
      redis.disconnect();
    }
  });

  it('is refused, with what to change, when it would write snapshots or an append-only file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-redis-'));
    for (const flags of [['--save', '3600 1', '--appendonly', 'no'], ['--save', '', '--appendonly', 'yes']]) {
      const port = await freePort();
      const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...flags], { stdio: 'ignore' });
      const redis = new Redis({ port, host: '127.0.0.1', retryStrategy: (n) => (n > 50 ? null : 100) });
      redis.on('error', () => {});
      try {
        await expect(assertRedisKeepsNothing(redis)).rejects.toThrow(/--save "" --appendonly no/);
      } finally {
        redis.disconnect();
        child.kill();
      }
    }
    await rm(dir, { recursive: true, force: true });
  });
});
