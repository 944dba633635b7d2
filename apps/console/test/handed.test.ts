import { describe, expect, it } from 'vitest';
import { isTyping, mayOpenHanded, TYPING_PAUSE_MS, type Situation } from '../src/conversations/list/handed';

const now = 1_000_000;
const idle: Situation = { inField: false, value: '', lastKeyAt: null, openedByItselfAt: null, touchedAt: null, now };

describe('a conversation handed by routing opens by itself', () => {
  it('when nothing is being typed', () => {
    expect(mayOpenHanded(idle)).toBe(true);
    // Focus in an empty composer, no key for a while: reading, not typing.
    expect(mayOpenHanded({ ...idle, inField: true, lastKeyAt: now - TYPING_PAUSE_MS })).toBe(true);
    // Words left in a composer the member is not in: the draft stays with its conversation.
    expect(mayOpenHanded({ ...idle, value: 'half a reply' })).toBe(true);
  });

  it('not under the member’s fingers: words in the field they are in, or a key just pressed there', () => {
    expect(isTyping({ ...idle, inField: true, value: 'I hear you' })).toBe(true);
    expect(isTyping({ ...idle, inField: true, value: '  ', lastKeyAt: now - 500 })).toBe(true);
    expect(isTyping({ ...idle, inField: true, lastKeyAt: now - TYPING_PAUSE_MS + 1 })).toBe(true);
    expect(mayOpenHanded({ ...idle, inField: true, value: 'I hear you' })).toBe(false);
  });

  it('not over one that opened by itself and was not touched yet, so a burst does not flick past', () => {
    expect(mayOpenHanded({ ...idle, openedByItselfAt: now - 50 })).toBe(false);
    expect(mayOpenHanded({ ...idle, openedByItselfAt: now - 50, touchedAt: now - 60 })).toBe(false);
    expect(mayOpenHanded({ ...idle, openedByItselfAt: now - 5_000, touchedAt: now - 1_000 })).toBe(true);
  });
});
