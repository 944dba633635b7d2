import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hkdfSync, randomBytes } from 'node:crypto';
import { hashRaw, type Algorithm } from '@node-rs/argon2';
import type { Db } from '../store/db';
import * as store from './store';

/**
 * Argon2id cost of one number: 64 MiB and 20 passes, 1.28 s on the 2-core test machine, so the
 * North American number space (10^10 numbers) takes about 200 years there (docs/sms.md#the-stop-list).
 */
export const STOP_LIST_COST = { memoryCost: 65_536, timeCost: 20, parallelism: 1 } as const;

/**
 * The numbers that texted STOP, kept as a slow hash under a secret that is not in the database
 * (SERVER_KEY, or the key file): a copy of the database alone confirms no number, and with the
 * secret each guess still costs a second. Hashes run one at a time: each holds 64 MiB.
 */
export class StopList {
  private readonly salt: Buffer;
  private readonly secret: Buffer;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    key: Buffer,
  ) {
    this.salt = derive(key, 'lantern/v1/stop-list-salt', 16);
    this.secret = derive(key, 'lantern/v1/stop-list-secret', 32);
  }

  async add(number: string): Promise<void> {
    await store.optOut(this.db, await this.hashOf(number));
  }

  /** Lifts an opt-out; true when there was one. */
  async remove(number: string): Promise<boolean> {
    return store.optIn(this.db, await this.hashOf(number));
  }

  async has(number: string): Promise<boolean> {
    return store.optedOut(this.db, await this.hashOf(number));
  }

  private hashOf(number: string): Promise<string> {
    const next = this.turn.then(() =>
      hashRaw(number, { ...STOP_LIST_COST, algorithm: ARGON2ID, salt: this.salt, secret: this.secret }).then((raw) => raw.toString('base64url')),
    );
    this.turn = next.catch(() => undefined);
    return next;
  }
}

/** `Algorithm.Argon2id`, a const enum the module cannot import as a value. */
const ARGON2ID = 2 as Algorithm;

const derive = (key: Buffer, info: string, length: number) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, length));

/**
 * The STOP list's key: from SERVER_KEY when set; otherwise a random key in its own file
 * (STOP_LIST_KEY_FILE), made on first start, outside the database and the data directory.
 */
export function stopListKey(serverKey: Buffer | null, keyFile: string): Buffer {
  if (serverKey) return derive(serverKey, 'lantern/v1/stop-list', 32);
  if (existsSync(keyFile)) {
    const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64url');
    if (key.length !== 32) throw new Error(`${keyFile} is not a STOP list key (32 bytes, base64url)`);
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
  return key;
}
