import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingInvites } from '@lantern/protocol';
import { openTestStore, type TestStore } from './support/backends';
import { acceptInvite, getJson, postJson, setupAdmin, signIn } from './support/clients';
import { startServer, type TestServer } from './support/server';

/** Invite links an admin made and nobody used yet: listed with their expiry, withdrawn before they are used. */
describe('pending invite links', () => {
  let ts: TestStore;
  let server: TestServer;
  let token = '';

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    token = (await signIn(server.url, 'admin', 'correct horse battery')).session.token;
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const invite = async (role: string) => (await postJson<{ inviteToken: string; expiresAt: string }>(`${server.url}/api/staff/invites`, { role }, token)).body;
  const pending = async () => (await getJson<PendingInvites>(`${server.url}/api/staff/invites`, token)).body.invites;
  const revoke = (id: string) => fetch(`${server.url}/api/staff/invites/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });

  it('lists unused invites with role, maker and expiry, never their tokens', async () => {
    const advocate = await invite('advocate');
    const supervisor = await invite('supervisor');
    const list = await pending();
    expect(list.map((i) => i.role).sort()).toEqual(['advocate', 'supervisor']);
    expect(list.map((i) => i.createdBy)).toEqual(['Ada Admin', 'Ada Admin']);
    expect(list.find((i) => i.role === 'advocate')!.expiresAt).toBe(advocate.expiresAt);
    expect(JSON.stringify(list)).not.toContain(advocate.inviteToken);
    expect(JSON.stringify(list)).not.toContain(supervisor.inviteToken);
  });

  it('withdraws an invite: the link no longer opens an account, and a second withdrawal is a 404', async () => {
    const link = await invite('admin');
    const id = (await pending()).find((i) => i.role === 'admin')!.id;
    expect((await revoke(id)).status).toBe(204);
    expect((await pending()).some((i) => i.id === id)).toBe(false);
    const joined = await acceptInvite(server.url, link.inviteToken, 'late', 'late passphrase long');
    expect(joined.status).toBeGreaterThanOrEqual(400);
    expect((await revoke(id)).status).toBe(404);
    const audit = await ts.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'staff.invite_revoked').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(id);
  });

  it('refuses an id that is not a token hash', async () => {
    expect((await revoke('not-a-hash')).status).toBe(400);
  });
});
