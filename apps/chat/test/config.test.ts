import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from '../src/config';

const page = (json: string | null) =>
  ({ getElementById: (id: string) => (id === 'lantern-config' && json !== null ? { textContent: json } : null) }) as unknown as Document;

describe('readConfig', () => {
  it('falls back to the defaults when the server injected nothing', () => {
    expect(readConfig(page(null))).toEqual(DEFAULT_CONFIG);
    expect(readConfig(page('not json'))).toEqual(DEFAULT_CONFIG);
  });

  it('reads the title, exit address and alternatives', () => {
    const config = readConfig(
      page(JSON.stringify({ title: 'Help', exitUrl: 'https://example.org/news', alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }] })),
    );
    expect(config).toEqual({ ...DEFAULT_CONFIG, title: 'Help', exitUrl: 'https://example.org/news', alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }] });
  });

  it('keeps only the languages this page has a catalog for, once each, in the program’s order', () => {
    expect(readConfig(page(JSON.stringify({ languages: ['ar', 'es', 'fr', 'ar', 3] }))).languages).toEqual(['ar', 'fr']);
    expect(readConfig(page(JSON.stringify({ languages: ['es'] }))).languages).toEqual(DEFAULT_CONFIG.languages);
  });

  it('turns resume on only when told so exactly', () => {
    expect(readConfig(page(JSON.stringify({ resume: true }))).resume).toBe(true);
    expect(readConfig(page(JSON.stringify({ resume: 'on' }))).resume).toBe(false);
  });

  it('never takes a script URL for the exit, and drops malformed alternatives', () => {
    const config = readConfig(
      page(JSON.stringify({ title: ' ', exitUrl: 'javascript:alert(1)', alternatives: [{ label: 'x' }, 3, { label: 'Text', value: 'HOME' }] })),
    );
    expect(config.title).toBe(DEFAULT_CONFIG.title);
    expect(config.exitUrl).toBe(DEFAULT_CONFIG.exitUrl);
    expect(config.alternatives).toEqual([{ label: 'Text', value: 'HOME' }]);
  });
});
