import { describe, expect, it } from 'vitest';
import { AddressKeys } from '../src/limits/address-key';

describe('salted address keys', () => {
  it('key a request whose address is already gone instead of throwing (a hook on a closed socket)', () => {
    const keys = new AddressKeys('a server secret');
    expect(keys.keyFor(undefined)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys.keyFor(undefined)).toBe(keys.keyFor(undefined));
    expect(keys.keyFor('203.0.113.7')).not.toContain('203.0.113.7');
  });
});
