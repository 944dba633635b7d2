import { describe, expect, it } from 'vitest';
import { composerHints, hasHints, SLANG } from '../src/conversations/composer/composer-hints';

/** The composer's hint: shorthand and emoji the participant did not use first (NNEDV, BCSTH). */
describe('composer hints', () => {
  it('finds shorthand as whole words in any case, in order, once each', () => {
    expect(composerHints('LOL ok, idk… brb, lol', []).slang).toEqual(['lol', 'idk', 'brb']);
    expect(composerHints('mdr tkt, je reviens', []).slang).toEqual(['mdr', 'tkt']);
  });

  it('leaves words that merely contain shorthand alone', () => {
    expect(composerHints('Lollipop, idkx, bromide, omgosh, stop', []).slang).toEqual([]);
    expect(hasHints(composerHints('I am here for you. Take your time.', []))).toBe(false);
  });

  it('finds emoji with Unicode property escapes, skin tones and ZWJ sequences included', () => {
    expect(composerHints('Take care 🙏🏿 😊', []).emoji).toEqual(['🙏', '😊']);
    expect(composerHints('❤️ 👨‍👩‍👧', []).emoji).toEqual(['❤', '👨', '👩', '👧']);
    // Letters of any script, digits, punctuation and keycap digits are not emoji.
    expect(composerHints('مرحبا 你好 123 #1 — …', []).emoji).toEqual([]);
  });

  it('says nothing about what the participant used first', () => {
    const theirs = ['omg thank u 😭', 'LOL ok 👍🏽'];
    expect(composerHints('lol, omg 😭 👍', theirs)).toEqual({ slang: [], emoji: [] });
    expect(composerHints('lol btw 😭 🌷', theirs)).toEqual({ slang: ['btw'], emoji: ['🌷'] });
  });

  it('keeps the list lower case, so matching by lower-cased words finds every entry', () => {
    for (const word of SLANG) {
      expect(word).toBe(word.toLowerCase());
      expect(composerHints(`so ${word.toUpperCase()} then`, []).slang).toEqual([word]);
    }
  });
});
