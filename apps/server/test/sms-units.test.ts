import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { twilioSignature as simulatorSignature } from '../../../tools/sms-sim/twilio-webhook';
import { retryDelay } from '../src/sms/deletions';
import { Keywords, keywordForm } from '../src/sms/keywords';
import { loadNoticeOverrides, Notices } from '../src/sms/notices';
import { maskNumber, toE164 } from '../src/sms/phone';
import { twilioSignature, urlVariants } from '../src/sms/providers/twilio';
import { Vault } from '../src/sms/vault';

describe('keywords', () => {
  const keywords = new Keywords(['fr', 'es']);

  it('match whole texts in the listed languages and English, ignoring case, width, spacing and end punctuation', () => {
    expect(keywords.match('ARRÊT')).toEqual({ kind: 'stop', language: 'fr' });
    expect(keywords.match(' arret ')).toEqual({ kind: 'stop', language: 'fr' });
    expect(keywords.match('Alto.')).toEqual({ kind: 'stop', language: 'es' });
    expect(keywords.match('P A R A R')).toEqual({ kind: 'stop', language: 'es' });
    expect(keywords.match('ＳＴＯＰ')).toEqual({ kind: 'stop', language: 'en' });
    expect(keywords.match('Unsubscribe!')).toEqual({ kind: 'stop', language: 'en' });
    expect(keywords.match('aide')).toEqual({ kind: 'help', language: 'fr' });
    expect(keywords.match('start')).toEqual({ kind: 'start', language: 'en' });
    expect(keywords.match('stop it please')).toBeNull();
    expect(keywords.match('')).toBeNull();
  });

  it('leave unlisted languages off, and take extra words from the notices file', () => {
    expect(new Keywords(['en']).match('ALTO')).toBeNull();
    expect(new Keywords(['de'], { de: { stop: ['Stopp'] } }).match('STOPP')).toEqual({ kind: 'stop', language: 'de' });
  });

  it('fold any spelling of a keyword the same way', () => {
    fc.assert(
      fc.property(fc.constantFrom('stop', 'arrêt', 'alto'), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.constantFrom('', ' ', '\t', '  '), (word, upper, pad) => {
        const spelled = [...word].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch)).join('');
        expect(keywordForm(`${pad}${spelled}${pad}`)).toBe(keywordForm(word));
      }),
    );
  });
});

describe('phone numbers', () => {
  it('come out in E.164 or not at all', () => {
    expect(toE164('+1 (555) 555-0123', null)).toBe('+15555550123');
    expect(toE164('447700900123', null)).toBe('+447700900123');
    expect(toE164('0044 7700 900123', null)).toBe('+447700900123');
    expect(toE164('555 555 0123', '1')).toBe('+15555550123');
    expect(toE164('1 555 555 0123', '1')).toBe('+15555550123');
    expect(toE164('07700 900123', '44')).toBe('+447700900123');
    expect(toE164('call me', '1')).toBeNull();
    expect(toE164('+0123456789', null)).toBeNull();
    expect(toE164('+1234567890123456', null)).toBeNull();
  });

  it('are masked to the last two digits', () => {
    expect(maskNumber('+15555550123')).toBe('•••• 23');
  });
});

describe('notices', () => {
  it('fall back from the language to the default language to English, with the program name', () => {
    const notices = new Notices('Harbor Line', ['fr', 'en'], { fr: { end: 'Harbor Line : conversation terminée.' } });
    expect(notices.text('end', 'es')).toBe('Harbor Line : conversation terminée.');
    expect(notices.text('start', 'fr')).toMatch(/^Harbor Line: you have reached our text line\./);
    expect(notices.text('start', 'fr')).toMatch(/cloud backup/);
    expect(notices.text('end', 'en')).toMatch(/delete this thread, and do not save this number under our name/);
  });

  it('load from a file and refuse a file with a mistake', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lantern-notices-'));
    try {
      const file = join(dir, 'notices.json');
      await writeFile(file, JSON.stringify({ es: { start: '{program}: hola.', keywords: { stop: ['BASTA'] } } }));
      expect(loadNoticeOverrides(null, file).es?.start).toBe('{program}: hola.');
      await writeFile(file, JSON.stringify({ es: { strat: 'typo' } }));
      expect(() => loadNoticeOverrides(null, file)).toThrow(/strat is not a notice/);
      expect(() => loadNoticeOverrides('{"fr": {"keywords": {"stop": "ARRÊT"}}}', null)).toThrow(/keywords/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Twilio signatures', () => {
  const token = 'a-twilio-auth-token';
  const url = 'https://lantern.example.org/webhooks/sms/twilio';

  it('are computed as the official twilio package computes them, here and in the simulator', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 8 }), (params) => {
        const expected = twilio.getExpectedTwilioSignature(token, url, params);
        expect(twilioSignature(token, url, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v]])))).toBe(expected);
        expect(simulatorSignature(token, url, params)).toBe(expected);
      }),
    );
  });

  it('are checked against the URL with and without its port', () => {
    expect(urlVariants('https://lantern.example.org/webhooks/sms/twilio?x=1')).toEqual([
      'https://lantern.example.org/webhooks/sms/twilio?x=1',
      'https://lantern.example.org:443/webhooks/sms/twilio?x=1',
    ]);
    expect(urlVariants('http://localhost:8080/webhooks/sms/twilio')).toEqual(['http://localhost:8080/webhooks/sms/twilio', 'http://localhost/webhooks/sms/twilio']);
  });
});

describe('the vault', () => {
  const vault = new Vault(Buffer.alloc(32, 1));

  it('opens what it sealed only in the same context', () => {
    const sealed = vault.seal('+15555550123', 'phone|a');
    expect(sealed).not.toContain('5555550123');
    expect(vault.open(sealed, 'phone|a')).toBe('+15555550123');
    expect(() => vault.open(sealed, 'phone|b')).toThrow();
    expect(() => new Vault(Buffer.alloc(32, 2)).open(sealed, 'phone|a')).toThrow();
  });

  it('hashes with its key, and makes stable UUIDs', () => {
    expect(vault.hash('phone', '+1')).toBe(vault.hash('phone', '+1'));
    expect(vault.hash('phone', '+1')).not.toBe(new Vault(Buffer.alloc(32, 2)).hash('phone', '+1'));
    expect(vault.hash('phone', '+1')).not.toBe(vault.hash('message-id', '+1'));
    expect(vault.uuid('m', 'SM1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vault.uuid('m', 'SM1')).toBe(vault.uuid('m', 'SM1'));
  });
});

it('backs off deletions from 30 s to at most 6 h', () => {
  expect([1, 2, 3].map(retryDelay)).toEqual([30_000, 60_000, 120_000]);
  expect(retryDelay(40)).toBe(6 * 3_600_000);
});
