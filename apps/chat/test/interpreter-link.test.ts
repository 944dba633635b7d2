import { describe, expect, it } from 'vitest';
import { toBase64Url } from '@lantern/crypto';
import { readLink } from '../src/interpreter-link';

const TOKEN = 'T'.repeat(21) + '-_' + 't'.repeat(20);
const KEYS = toBase64Url(Uint8Array.from({ length: 97 }, (_, i) => (i === 0 ? 1 : i)));

describe('readLink', () => {
  it('reads the token and the keys of the fragment, with or without its #', () => {
    expect(readLink(`#t=${TOKEN}&k=${KEYS}`)).toEqual({ token: TOKEN, keys: KEYS });
    expect(readLink(`k=${KEYS}&t=${TOKEN}`)).toEqual({ token: TOKEN, keys: KEYS });
  });

  it('refuses a link missing a part or with a malformed one, so no token is spent on it', () => {
    for (const hash of [
      '',
      `#t=${TOKEN}`,
      `#k=${KEYS}`,
      `#t=${TOKEN.slice(1)}&k=${KEYS}`,
      `#t=${TOKEN}!&k=${KEYS}`,
      `#t=${TOKEN}&k=${KEYS.slice(0, -2)}`,
      `#t=${TOKEN}&k=${KEYS}AAAA`,
      `#t=${TOKEN}&k=${KEYS.replace(/^./, '+')}`,
    ]) {
      expect(readLink(hash), hash).toBeNull();
    }
  });
});
