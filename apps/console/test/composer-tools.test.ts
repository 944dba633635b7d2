import { describe, expect, it } from 'vitest';
import type { CannedMessage } from '@lantern/protocol';
import { rankCanned } from '../src/shared/canned';
import { interpreterCouldRead, readReference } from '../src/conversations/code-words/code-word-rules';
import { insertCanned, opensPicker } from '../src/conversations/canned/CannedPicker';

/** The composer's pure parts: which texts the picker offers first, its keys, where a text lands, and code word guards. */
const text = (id: string, title: string, language: string, body = title): CannedMessage => ({ id, title, text: body, language });
const LIBRARY = [
  text('1', 'Closing', 'en', 'Take care of yourself.'),
  text('2', 'Clôture', 'fr', 'Prenez soin de vous.'),
  text('3', 'Safety check', 'en', 'Are you somewhere safe to chat right now?'),
  text('4', 'Vérification de sécurité', 'fr', 'Êtes-vous en sécurité pour discuter ?'),
  text('5', 'إنهاء المحادثة', 'ar', 'اعتنِ بنفسك.'),
];
const key = (key: string, more: Partial<KeyboardEvent> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...more });

describe('canned messages in the composer', () => {
  it("puts the conversation's language first, by its base tag, and keeps every other text", () => {
    expect(rankCanned(LIBRARY, 'fr-CA', '').map((m) => m.id)).toEqual(['2', '4', '1', '3', '5']);
    expect(rankCanned(LIBRARY, 'ar', '').map((m) => m.id)[0]).toBe('5');
    expect(rankCanned(LIBRARY, null, '').map((m) => m.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('filters on every typed term, in title or text, any case and Unicode form', () => {
    expect(rankCanned(LIBRARY, 'en', 'SAFE').map((m) => m.id)).toEqual(['3']);
    expect(rankCanned(LIBRARY, 'en', 'soin vous').map((m) => m.id)).toEqual(['2']);
    expect(rankCanned(LIBRARY, 'fr', 'se\u0301curite\u0301').map((m) => m.id)).toEqual(['4']);
    expect(rankCanned(LIBRARY, 'fr', 'sécurité').map((m) => m.id)).toEqual(['4']);
    expect(rankCanned(LIBRARY, 'ar', 'بنفسك').map((m) => m.id)).toEqual(['5']);
    expect(rankCanned(LIBRARY, 'en', 'nothing like this')).toEqual([]);
  });

  it('opens on "/" in an empty message or Ctrl/⌘+K anywhere, never while an IME composes', () => {
    expect(opensPicker(key('/'), '')).toBe(true);
    expect(opensPicker(key('/'), 'and/or')).toBe(false);
    expect(opensPicker(key('k', { ctrlKey: true }), 'a draft')).toBe(true);
    expect(opensPicker(key('K', { metaKey: true }), '')).toBe(true);
    expect(opensPicker(key('k'), '')).toBe(false);
    expect(opensPicker(key('k', { ctrlKey: true, altKey: true }), '')).toBe(false);
    expect(opensPicker(key('/', { isComposing: true }), '')).toBe(false);
  });

  it('puts the text in place of the selection, with the caret after it', () => {
    expect(insertCanned('', 0, 0, 'Hello.')).toEqual({ draft: 'Hello.', caret: 6 });
    expect(insertCanned('Hi  there', 3, 3, 'you')).toEqual({ draft: 'Hi you there', caret: 6 });
    expect(insertCanned('Hi XXX there', 3, 6, 'you')).toEqual({ draft: 'Hi you there', caret: 6 });
  });
});

describe('code words in the console', () => {
  it('reads a reference as a person types it, and refuses what cannot be one', () => {
    expect(readReference(' abcd-2345 ')).toBe('ABCD2345');
    expect(readReference('ABCD 2345')).toBe('ABCD2345');
    expect(readReference('ABCD-0000')).toBeNull();
    expect(readReference('ABCD-234')).toBeNull();
  });

  it('holds code words back while an interpreter is invited, being agreed to or in the chat', () => {
    expect(['invited', 'asking', 'joined'].every((s) => interpreterCouldRead(s as 'joined'))).toBe(true);
    expect([null, 'declined', 'left'].some((s) => interpreterCouldRead(s as 'left' | null))).toBe(false);
  });
});
