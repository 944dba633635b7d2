import { createHmac, randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;

/**
 * Turns a network address into a key for counting, under a salt that changes every day: keys
 * cannot be turned back into addresses, and yesterday's cannot be linked to today's. With no
 * shared secret the salt is random and lives only in this process; with one (for counters every
 * node shares in Redis) it is derived from the secret and the day. Neither address nor key is logged.
 */
export class AddressKeys {
  private salt: Buffer = Buffer.alloc(0);
  private day = -1;

  constructor(private readonly sharedSecret?: string) {}

  /** `address` may be missing (a socket already gone when a hook runs): all such requests share one key. */
  keyFor(address: string | undefined, now = Date.now()): string {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.salt = this.sharedSecret ? createHmac('sha256', this.sharedSecret).update(`address-salt|${day}`).digest() : randomBytes(32);
      this.day = day;
    }
    return createHmac('sha256', this.salt).update(address ?? '').digest('base64url');
  }
}
