import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedList, CannedMessage } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { getJson, inviteMember, postJson, setupAdmin, signIn, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

/**
 * The program's canned messages: seeded with the guides' standard texts in en, fr and ar, read by
 * every member (the composer's picker), edited by admins only, each change in the audit log.
 */
describe.each(await availableBackends())('canned messages on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let advocate: StaffKeys;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    advocate = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const list = async (token = advocate.session.token) => (await getJson<CannedList>(`${server.url}/api/canned`, token)).body.messages;
  async function send<T = unknown>(method: 'PUT' | 'DELETE', path: string, body: unknown, token: string) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  it('starts with the standard texts in English, French and Arabic, the same set in each', async () => {
    const messages = await list();
    const byLanguage = (language: string) => messages.filter((m) => m.language === language);
    for (const language of ['en', 'fr', 'ar']) expect(byLanguage(language)).toHaveLength(6);
    expect(messages.map((m) => m.title)).toEqual(expect.arrayContaining(['Your rights', 'Safety check', 'Closing', 'Vos droits', 'حقوقك']));
    for (const message of messages) expect(message.text.length).toBeGreaterThan(20);
  });

  it('lets an admin add, edit and remove a text, and every member read the result', async () => {
    const added = await postJson<CannedMessage>(`${server.url}/api/admin/canned`, { title: '  Court dates ', text: 'We can help you prepare for a court date.', language: 'EN' }, admin.session.token);
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ title: 'Court dates', language: 'en' });
    expect(await list()).toContainEqual(added.body);

    const edited = await send<CannedMessage>('PUT', `/api/admin/canned/${added.body.id}`, { title: 'Dates d’audience', text: 'Nous pouvons vous aider à préparer une audience.', language: 'fr-CA' }, admin.session.token);
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ id: added.body.id, title: 'Dates d’audience', text: 'Nous pouvons vous aider à préparer une audience.', language: 'fr-ca' });
    expect((await list()).find((m) => m.id === added.body.id)).toEqual(edited.body);

    expect((await send('DELETE', `/api/admin/canned/${added.body.id}`, undefined, admin.session.token)).status).toBe(204);
    expect((await list()).some((m) => m.id === added.body.id)).toBe(false);
    expect((await send('DELETE', `/api/admin/canned/${added.body.id}`, undefined, admin.session.token)).status).toBe(404);
    expect((await send('PUT', `/api/admin/canned/${added.body.id}`, { title: 'x', text: 'y', language: 'en' }, admin.session.token)).status).toBe(404);

    const audit = await ts.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'canned.changed').orderBy('seq').execute();
    expect(audit.map((a) => a.detail)).toEqual([
      { change: 'added', title: 'Court dates', language: 'en' },
      { change: 'edited', title: 'Dates d’audience', language: 'fr-ca' },
      { change: 'removed', title: 'Dates d’audience', language: 'fr-ca' },
    ]);
  });

  it('refuses edits from advocates and from nobody, and malformed texts', async () => {
    const body = { title: 'Closing', text: 'Take care.', language: 'en' };
    const [first] = await list();
    expect((await postJson(`${server.url}/api/admin/canned`, body, advocate.session.token)).status).toBe(403);
    expect((await send('PUT', `/api/admin/canned/${first!.id}`, body, advocate.session.token)).status).toBe(403);
    expect((await send('DELETE', `/api/admin/canned/${first!.id}`, undefined, advocate.session.token)).status).toBe(403);
    expect((await postJson(`${server.url}/api/admin/canned`, body)).status).toBe(401);
    expect((await getJson(`${server.url}/api/canned`)).status).toBe(401);
    for (const bad of [{ ...body, title: '   ' }, { ...body, text: '' }, { ...body, language: 'english!' }, { ...body, text: 'x'.repeat(2001) }, { ...body, extra: 1 }, { title: 'Closing' }]) {
      expect((await postJson(`${server.url}/api/admin/canned`, bad, admin.session.token)).status).toBe(400);
    }
    expect((await send('PUT', '/api/admin/canned/not-a-uuid', body, admin.session.token)).status).toBe(400);
    expect(await list()).toContainEqual(first);
  });

  it('holds at most 500 texts', async () => {
    const have = (await list()).length;
    await ts.store.db
      .insertInto('canned_messages')
      .values(Array.from({ length: 500 - have }, (_, i) => ({ id: randomUUID(), title: `Filler ${i}`, text: 'Filler text.', language: 'en' })))
      .execute();
    const refused = await postJson<{ error: string }>(`${server.url}/api/admin/canned`, { title: 'One more', text: 'One too many.', language: 'en' }, admin.session.token);
    expect(refused.status).toBe(409);
    expect(await list()).toHaveLength(500);
  });
});
