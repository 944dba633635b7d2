import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { getJson, setupAdmin, signIn } from './support/clients';
import { startServer, type TestServer } from './support/server';

/**
 * Setup asks for at least one other way to reach the program, or its words that there is none:
 * participants who cannot chat safely are never promised an empty list, and what they are shown
 * comes from what exists.
 */
describe.each(await availableBackends())('another way to reach the program, at setup, on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    // No ALTERNATIVES setting: nothing to start from.
    server = await startServer(ts.store, { alternatives: [] });
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const status = async () => (await getJson<ServiceStatus>(`${server.url}/api/status`)).body;

  it('refuses a setup that gives no other way and does not say there is none, and the link still works', async () => {
    for (const noOtherWay of [null, '   ']) {
      const refused = await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase', { alternatives: [], noOtherWay });
      expect(refused.status).toBe(400);
      expect((refused.body as unknown as { message: string }).message).toBe(
        'Give at least one other way to reach the program (a phone line, say), or write that there is none: participants who cannot chat safely on their device are shown it.',
      );
    }
    expect((await status()).no_other_way).toBeNull();
    const words = 'We have no phone line. You can come back to this chat at any time.';
    const made = await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase', { alternatives: [], noOtherWay: `  ${words} ` });
    expect(made.status).toBe(201);
    expect(await status()).toMatchObject({ alternatives: [], no_other_way: words });
  });

  it('shows the words only while the list is empty, and keeps them for when it is', async () => {
    const admin = await signIn(server.url, 'ada', 'a long admin passphrase');
    const put = (body: unknown) =>
      fetch(`${server.url}/api/admin/status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
        body: JSON.stringify(body),
      });
    expect((await put({ override: 'none', alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }] })).status).toBe(200);
    expect(await status()).toMatchObject({ alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }], no_other_way: null });
    expect((await put({ override: 'none', alternatives: [] })).status).toBe(200);
    expect((await status()).no_other_way).toMatch(/^We have no phone line/);
  });
});

describe('setup with the ALTERNATIVES setting', () => {
  let ts: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('keeps the list setup was given, so the setting no longer decides what participants see', async () => {
    const list = [{ label: 'Text line', value: 'Text HOME to 741741' }];
    expect((await setupAdmin(server.url, server.setupToken, 'ada', 'a long admin passphrase', { alternatives: list, noOtherWay: null })).status).toBe(201);
    expect(await getJson<ServiceStatus>(`${server.url}/api/status`).then((r) => r.body)).toMatchObject({ alternatives: list, no_other_way: null });
  });
});
