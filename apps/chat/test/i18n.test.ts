import { describe, expect, it } from 'vitest';
import { ar } from '../src/i18n/ar';
import { en, type MessageKey } from '../src/i18n/en';
import { format, PatternError } from '../src/i18n/format';
import { fr } from '../src/i18n/fr';
import { preferredLanguage } from '../src/i18n';

describe('format (ICU subset)', () => {
  it('fills arguments, numbers, plural (exact, category, #) and select, nested', () => {
    expect(format('en', 'Hello {name}', { name: 'Ada' })).toBe('Hello Ada');
    expect(format('en', '{n, number} chars', { n: 4000 })).toBe('4,000 chars');
    const press = '{n, plural, =0 {none} one {# time} other {# times}}';
    expect([0, 1, 2].map((n) => format('en', press, { n }))).toEqual(['none', '1 time', '2 times']);
    const nested = '{who, select, yes {{name} has {n, plural, one {# message} other {# messages}}} other {nobody}}';
    expect(format('en', nested, { who: 'yes', name: 'Bo', n: 3 })).toBe('Bo has 3 messages');
    expect(format('en', nested, { who: 'no', name: 'Bo', n: 3 })).toBe('nobody');
    expect(format('fr', "l'historique {n, plural, one {# fois} other {# fois}}", { n: 1500 })).toBe("l'historique 1\u202f500 fois");
  });

  it('picks the Arabic plural forms by Intl.PluralRules', () => {
    const forms = '{n, plural, zero {z} one {o} two {t} few {f} many {m} other {x}}';
    expect([0, 1, 2, 3, 11, 100].map((n) => format('ar', forms, { n }))).toEqual(['z', 'o', 't', 'f', 'm', 'x']);
  });

  it('says what is wrong with a broken pattern', () => {
    expect(() => format('en', 'Hi {name', { name: 'x' })).toThrow(PatternError);
    expect(() => format('en', 'Hi {missing}')).toThrow(/no value for "missing"/);
    expect(() => format('en', '{n, plural, one {x}}', { n: 1 })).toThrow(/no "other"/);
    expect(() => format('en', '{n, date}', { n: 1 })).toThrow(/unknown type/);
    expect(() => format('en', 'a } b')).toThrow(/unexpected/);
  });
});

/** Arguments every message takes, with values that reach every branch worth reading. */
const SAMPLES: Partial<Record<MessageKey, Array<Record<string, string | number>>>> = {
  exitPressMore: [{ remaining: 1 }, { remaining: 2 }],
  startFailed: ['network', 'busy', 'unavailable', 'unsupported', 'failed'].map((reason) => ({ reason })),
  joined: [{ named: 'yes', name: 'Sam' }, { named: 'no', name: '' }],
  notSent: [{ reason: 'too fast' }],
  cwReference: [{ reference: 'ABCD-2345' }],
  cwSaved: [{ reference: 'ABCD-2345' }],
  inactivityWarning: [{ time: '14:05' }],
  staffChange: [
    { change: 'transferred', named: 'yes', name: 'Sam' },
    { change: 'transferred', named: 'no', name: '' },
    { change: 'supervisor_joined', named: 'yes', name: 'Sam' },
    { change: 'supervisor_joined', named: 'no', name: '' },
  ],
  interpreterNamed: [{ name: 'Lina' }],
  lineOpensAt: [{ when: 'Monday, November 30, 9:00 AM' }],
  tooLong: [{ max: 4000 }, { max: 1 }, { max: 2 }, { max: 5 }, { max: 11 }],
  historySteps: ['chrome', 'edge', 'firefox', 'safari', 'samsung', 'other'].map((browser) => ({ browser })),
};

describe.each([
  ['en', en],
  ['fr', fr],
  ['ar', ar],
])('the %s catalog', (language, catalog) => {
  it('formats every message with every sample, and none is left blank or in another language', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      for (const args of SAMPLES[key] ?? [{}]) {
        const text = format(language, catalog[key], args);
        expect(text.trim(), key).not.toBe('');
        if (language !== 'en' && !['logLabel', 'messageLabel'].includes(key)) expect(text, key).not.toBe(format('en', en[key], args));
      }
    }
  });

  it('names the browsers on the closing screen in every branch', () => {
    for (const [browser, name] of [['chrome', 'Chrome'], ['edge', 'Edge'], ['firefox', 'Firefox'], ['safari', 'Safari'], ['samsung', 'Samsung Internet']] as const) {
      expect(format(language, catalog.historySteps, { browser })).toContain(name);
    }
  });
});

describe('preferredLanguage', () => {
  it('takes the first browser language the program offers, by its base, else the program’s first', () => {
    expect(preferredLanguage(['en', 'fr', 'ar'], ['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(preferredLanguage(['fr', 'en'], ['de'])).toBe('fr');
    expect(preferredLanguage(['en', 'ar'], ['AR-eg'])).toBe('ar');
  });
});
