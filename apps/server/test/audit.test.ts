import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import { sql } from 'kysely';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { getJson, inviteMember, postJson, setupAdmin, signIn, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

type AuditReply = {
  verification: { ok: boolean; entries: number; brokenAt?: number; reason?: string };
  entries: Array<{ seq: number; action: string; actorId: string | null; detail: Record<string, unknown> }>;
};

describe.each(await availableBackends())('the audit log on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let wrongProof = '';

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    const pre = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: 'admin' });
    wrongProof = (await lc.derivePasswordKeys('wrong password', pre.body.kdf.salt)).loginProof;
    await postJson(`${server.url}/api/staff/login`, { username: 'admin', loginProof: wrongProof });
    await inviteMember(server.url, admin, 'avery', 'advocate password 1');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('records staff actions in a verified chain, with no password or proof', async () => {
    const reply = await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token);
    expect(reply.status).toBe(200);
    expect(reply.body.verification).toEqual({ ok: true, entries: 7 });
    expect(reply.body.entries.map((e) => e.action).reverse()).toEqual([
      'program.setup',
      'staff.sign_in',
      'staff.sign_in_failed',
      'staff.invited',
      'staff.joined',
      'key.granted',
      'staff.sign_in',
    ]);
    const everything = JSON.stringify(await ts.store.db.selectFrom('audit_log').selectAll().execute());
    expect(everything).not.toContain(wrongProof);
    expect(everything).not.toContain('correct horse battery');
    expect(everything).not.toContain(admin.session.token);
  });

  it('names the first row that was changed or removed', async () => {
    await sql`update audit_log set detail = ${JSON.stringify({ username: 'mallory' })}::jsonb where seq = 3`.execute(ts.store.db);
    const changed = await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token);
    expect(changed.body.verification).toMatchObject({ ok: false, brokenAt: 3, reason: 'its contents were changed' });

    await sql`delete from audit_log where seq = 3`.execute(ts.store.db);
    const removed = await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token);
    expect(removed.body.verification).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('is for admins only', async () => {
    const advocate = await signIn(server.url, 'avery', 'advocate password 1');
    expect((await getJson(`${server.url}/api/admin/audit`, advocate.session.token)).status).toBe(403);
  });
});
