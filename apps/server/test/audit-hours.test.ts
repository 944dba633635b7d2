import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import { sql } from 'kysely';
import type { ServerFrame } from '@lantern/protocol';
import { HOURLY_ACTIONS } from '../src/audit/audit-log';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, getJson, postJson, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

const HOUR = 3_600_000;
type AuditReply = { verification: { ok: boolean }; entries: Array<{ at: string; action: string; actorId: string | null; detail: Record<string, unknown> }> };

describe('the audit log keeps no timeline of conversations', () => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let now = Math.floor(Date.now() / HOUR) * HOUR + 5 * 60_000;
  const clock = () => new Date(now);

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, {}, clock);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('holds, after a day of conversations, no row that dates an answer better than the hour', async () => {
    const desk = await FrameSocket.connect(server.wsUrl, admin.session.token);
    const dayStart = Math.floor(now / HOUR) * HOUR + HOUR;
    for (let hour = 0; hour < 24; hour++) {
      // Each answered at an odd minute of its hour, then closed a few minutes later.
      now = dayStart + hour * HOUR + (7 + ((hour * 13) % 45)) * 60_000 + 1234;
      const participant = await startParticipant(server.url);
      const conversationId = participant.started.conversationId;
      const p = await FrameSocket.connect(server.wsUrl, participant.started.token);
      await desk.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId));
      desk.send({ type: 'claim', conversationId });
      await p.next((f: ServerFrame) => f.type === 'conversation' && f.status === 'active');
      now += 4 * 60_000;
      desk.send({ type: 'close', conversationId });
      await p.closed;
      // An exact-time event of the same member right after: a neighbour that would bracket the answer.
      const changed = await fetch(`${server.url}/api/staff/availability`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
        body: JSON.stringify({ available: false }),
      });
      expect(changed.status).toBe(200);
    }
    now = dayStart + 25 * HOUR;
    const reply = await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token);
    expect(reply.body.verification.ok).toBe(true);

    const rows = await ts.store.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const conversationRows = rows.filter((r) => HOURLY_ACTIONS.has(r.action as never));
    expect(conversationRows.length).toBeGreaterThan(0);
    for (const row of conversationRows) expect(row.at.getTime() % HOUR).toBe(0);
    const answered = conversationRows.filter((r) => r.action === 'conversation.answered');
    expect(answered.reduce((sum, r) => sum + Number(r.detail.count), 0)).toBe(24);
    // An hour's count enters the chain only once the hour is over, so its place among exact rows says no more than its date.
    for (const row of conversationRows) {
      const after = rows.filter((r) => r.seq > row.seq && !HOURLY_ACTIONS.has(r.action as never));
      for (const exact of after) expect(exact.at.getTime()).toBeGreaterThanOrEqual(row.at.getTime() + HOUR);
    }
    // Nothing else in the database dates the answer either.
    expect((await ts.store.db.selectFrom('audit_hourly').selectAll().execute()).every((r) => r.hour.getTime() % HOUR === 0)).toBe(true);
    desk.close();
  });

  it('counts failed sign-ins under unknown names per hour, without what was typed', async () => {
    const typed = 'my.real.pass9731';
    const pre = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: typed });
    const { loginProof } = await lc.derivePasswordKeys(typed, pre.body.kdf.salt);
    for (let i = 0; i < 3; i++) {
      const reply = await postJson(`${server.url}/api/staff/login`, { username: typed, loginProof, totpCode: '000000' });
      expect(reply.status).toBe(401);
    }
    now += HOUR;
    const reply = await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token);
    const unknown = reply.body.entries.filter((e) => e.action === 'staff.sign_in_failed' && e.detail.reason === 'unknown name');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.detail.count).toBe(3);
    const everything = JSON.stringify([
      await ts.store.db.selectFrom('audit_log').selectAll().execute(),
      await ts.store.db.selectFrom('audit_hourly').selectAll().execute(),
    ]);
    expect(everything).not.toContain(typed);
  });
});

describe('sign-in under an unknown username', () => {
  let ts: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  it('costs what a known one does: medians of interleaved attempts within 40% of each other', async () => {
    const pre = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: 'admin' });
    const { loginProof } = await lc.derivePasswordKeys('not the password', pre.body.kdf.salt);
    const attempt = async (username: string) => {
      const started = performance.now();
      const reply = await postJson(`${server.url}/api/staff/login`, { username, loginProof, totpCode: '000000' });
      const ms = performance.now() - started;
      expect(reply.status).toBe(401);
      return ms;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 30; i++) {
      known.push(await attempt('admin'));
      // Ten failures in a row would lock the account, and a locked account answers before any hashing.
      await sql`update staff set failed_sign_ins = 0, locked_until = null`.execute(ts.store.db);
      unknown.push(await attempt(`nobody${i}`));
    }
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.4);
  });
});
