import { MAX_MESSAGE_GRAPHEMES } from '@lantern/protocol/limits';
import { describe, expect, it, vi } from 'vitest';
import { graphemeCount, newClientId, prepareText } from '../src/text';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('prepareText', () => {
  it('normalizes to NFC and trims the outer blank space', () => {
    expect(prepareText('  Cafe\u0301\n')).toEqual({ ok: true, text: 'Caf\u00e9' });
  });

  it('refuses empty and blank text', () => {
    expect(prepareText('')).toEqual({ ok: false, reason: 'empty' });
    expect(prepareText(' \n\t ')).toEqual({ ok: false, reason: 'empty' });
  });

  it('counts what a reader sees: a family emoji is one character', () => {
    expect(graphemeCount('👩‍👩‍👧')).toBe(1);
    const family = '👩‍👩‍👧'.repeat(MAX_MESSAGE_GRAPHEMES);
    expect(prepareText(family).ok).toBe(true);
    expect(prepareText('a'.repeat(MAX_MESSAGE_GRAPHEMES + 1))).toEqual({ ok: false, reason: 'long' });
  });
});

describe('newClientId', () => {
  it('is a v4 UUID', () => {
    expect(newClientId()).toMatch(UUID_V4);
  });

  it('builds a v4 UUID from random bytes where randomUUID is missing', () => {
    const random = vi.spyOn(crypto, 'getRandomValues');
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, newClientId));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(random).toHaveBeenCalledTimes(50);
    } finally {
      // The real one lives on the prototype: removing the own override brings it back.
      delete (crypto as { randomUUID?: unknown }).randomUUID;
      random.mockRestore();
    }
  });
});
