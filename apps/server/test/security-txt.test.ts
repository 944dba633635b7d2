import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config';
import { openTestStore, type TestStore } from './support/backends';
import { startServer, type TestServer } from './support/server';

describe('/.well-known/security.txt (RFC 9116)', () => {
  const opened: Array<{ ts: TestStore; server: TestServer }> = [];
  const serve = async (overrides: Parameters<typeof startServer>[1]) => {
    const ts = await openTestStore('pglite');
    const server = await startServer(ts.store, overrides);
    opened.push({ ts, server });
    return server;
  };

  afterAll(async () => {
    for (const { ts, server } of opened) {
      await server.close();
      await ts.dispose();
    }
  });

  it('names the contacts, a canonical address and an expiry under a year away', async () => {
    const server = await serve({
      securityContacts: ['mailto:security@example.org', 'https://example.org/report'],
      securityPolicy: 'https://example.org/disclosure',
      publicUrl: 'https://chat.example.org',
    });
    const response = await fetch(`${server.url}/.well-known/security.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = await response.text();
    expect(text).toMatch(/^Contact: mailto:security@example\.org\nContact: https:\/\/example\.org\/report\n/);
    expect(text).toContain('Canonical: https://chat.example.org/.well-known/security.txt\n');
    expect(text).toContain('Policy: https://example.org/disclosure\n');
    const expires = new Date(/^Expires: (.+)$/m.exec(text)![1]!).getTime();
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThan(Date.now() + 365 * 86_400_000);
  });

  it('is absent, saying why, when no contact is set: a file without Contact would be invalid', async () => {
    const server = await serve({});
    const response = await fetch(`${server.url}/.well-known/security.txt`);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/SECURITY_CONTACT/);
  });

  it('takes only mailto, https or tel contacts, and keeps the participant page off /.well-known', () => {
    expect(configFromEnv({ SECURITY_CONTACT: 'mailto:a@example.org, tel:+15550100' }).securityContacts).toEqual(['mailto:a@example.org', 'tel:+15550100']);
    expect(() => configFromEnv({ SECURITY_CONTACT: 'javascript:alert(1)' })).toThrow(/SECURITY_CONTACT/);
    expect(() => configFromEnv({ CHAT_PATH: '/.well-known/chat' })).toThrow(/CHAT_PATH/);
  });
});
