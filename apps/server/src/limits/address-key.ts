import { createHmac, randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;

/**
 * Turns a network address into a key for counting, under a salt that lives only in this
 * process's memory and is replaced every day: the keys cannot be turned back into addresses,
 * and yesterday's cannot be linked to today's. Neither the address nor the key is stored or logged.
 */
export class AddressKeys {
  private salt = randomBytes(32);
  private day = Math.floor(Date.now() / DAY_MS);

  keyFor(address: string, now = Date.now()): string {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.salt = randomBytes(32);
      this.day = day;
    }
    return createHmac('sha256', this.salt).update(address).digest('base64url');
  }
}
