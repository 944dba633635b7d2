import { describe, expect, it } from 'vitest';
import { CodeWordLengthError, codeWordMatches, generateKeyPair, normalizeCodeWord, sealCodeWord } from '../src/index';

/** Code words: sealed at one size whatever their length, compared after normalization, bound to their reference. */
describe('code words', () => {
  it('seals every word to the same size, so the blob says nothing of its length', async () => {
    const program = await generateKeyPair();
    const lengths = new Set<number>();
    for (const word of ['a', 'blue heron', 'م'.repeat(100), 'x'.repeat(255)]) lengths.add((await sealCodeWord(program.publicKey, 'ABCD2345', word)).length);
    expect([...lengths]).toEqual([467]);
    await expect(sealCodeWord(program.publicKey, 'ABCD2345', 'x'.repeat(256))).rejects.toBeInstanceOf(CodeWordLengthError);
    await expect(sealCodeWord(program.publicKey, 'ABCD2345', '   ')).rejects.toBeInstanceOf(CodeWordLengthError);
  });

  it('matches the same word however it is typed, and nothing else', async () => {
    const program = await generateKeyPair();
    const sealed = await sealCodeWord(program.publicKey, 'ABCD2345', 'Straße Ｎｏｒｄ  Café');
    for (const same of ['strasse nord café', '  STRASSE   NORD CAFE\u0301 ', 'Straße Nord Café']) {
      expect(await codeWordMatches(program.privateKey, 'ABCD2345', sealed, same)).toBe(true);
    }
    for (const other of ['strasse nord cafe', 'strasse nord', '', 'x'.repeat(300)]) {
      expect(await codeWordMatches(program.privateKey, 'ABCD2345', sealed, other)).toBe(false);
    }
    expect(normalizeCodeWord('  Ｆｕｌｌ   WIDTH ')).toBe('full width');
  });

  it('opens only for its own reference and only with the program key', async () => {
    const program = await generateKeyPair();
    const stranger = await generateKeyPair();
    const sealed = await sealCodeWord(program.publicKey, 'ABCD2345', 'heron');
    await expect(codeWordMatches(program.privateKey, 'ABCD2346', sealed, 'heron')).rejects.toThrow();
    await expect(codeWordMatches(stranger.privateKey, 'ABCD2345', sealed, 'heron')).rejects.toThrow();
  });
});
