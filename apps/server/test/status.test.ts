import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { ServerFrame } from '@lantern/protocol';
import { buildApp } from '../src/app';
import { createLogger } from '../src/log';
import { isOpen, nextOpening, type Hours } from '@lantern/protocol/hours-rule';
import { openTestStore, type TestStore } from './support/backends';
import { acceptInvite, FrameSocket, getJson, postJson, setupAdmin, signIn, startParticipant } from './support/clients';
import { freshDatabase, scaleOutAvailable, startNodes, type InProcessNode } from './support/scale-out';
import { testConfig } from './support/server';

const TORONTO: Hours = {
  timeZone: 'America/Toronto',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '12:00'], ['13:00', '21:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
  exceptions: { '2026-12-25': [], '2026-12-26': [['10:00', '14:00']] },
};

describe('hours in the program time zone', () => {
  it('knows open and closed, lunch breaks and holidays', () => {
    expect(isOpen(TORONTO, new Date('2026-11-24T14:30:00Z'))).toBe(true); // Tue 09:30 EST
    expect(isOpen(TORONTO, new Date('2026-11-24T13:59:00Z'))).toBe(false); // Tue 08:59
    expect(isOpen(TORONTO, new Date('2026-11-25T17:30:00Z'))).toBe(false); // Wed 12:30, lunch
    expect(isOpen(TORONTO, new Date('2026-12-25T15:00:00Z'))).toBe(false); // Fri, holiday
    expect(isOpen(TORONTO, new Date('2026-12-26T16:00:00Z'))).toBe(true); // Sat 11:00, special hours
  });

  it('finds the next opening across nights, weekends, holidays and a daylight-saving change', () => {
    expect(nextOpening(TORONTO, new Date('2026-11-24T23:00:00Z'))?.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(nextOpening(TORONTO, new Date('2026-11-25T17:30:00Z'))?.toISOString()).toBe('2026-11-25T18:00:00.000Z');
    expect(nextOpening(TORONTO, new Date('2026-12-24T23:00:00Z'))?.toISOString()).toBe('2026-12-26T15:00:00.000Z');
    // Clocks go forward on Sunday 8 March 2026: Monday opens at 09:00 EDT, 13:00 UTC.
    expect(nextOpening(TORONTO, new Date('2026-03-07T12:00:00Z'))?.toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(nextOpening({ timeZone: 'UTC', weekly: {}, exceptions: {} }, new Date())).toBeNull();
  });
});

describe('status and hours through the API', () => {
  let ts: TestStore;
  let now = new Date('2026-11-24T14:30:00Z').getTime();
  let close: () => Promise<void>;
  let url = '';
  let adminToken = '';
  let advocateToken = '';

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    const { app, accounts } = await buildApp({ config: testConfig(), store: ts.store, bus: (await import('../src/bus/local')).localBus(), logger: createLogger('silent'), clock: () => new Date(now) });
    await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = () => app.close();
    await setupAdmin(url, (await accounts.prepareSetup('Test'))!);
    adminToken = (await signIn(url, 'admin', 'correct horse battery')).session.token;
    const invite = await postJson<{ inviteToken: string }>(`${url}/api/staff/invites`, { role: 'advocate' }, adminToken);
    advocateToken = (await acceptInvite(url, invite.body.inviteToken, 'avery', 'advocate password 1')).body.token;
  });

  afterAll(async () => {
    await close?.();
    await ts?.dispose();
  });

  const put = (path: string, body: unknown, token: string) =>
    fetch(`${url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const start = async () => postJson<{ error?: string; message?: string }>(`${url}/api/conversations`, { participantKey: await lc.exportPublicKey((await lc.generateKeyPair()).publicKey) });

  it('is open at all hours until hours are set', async () => {
    expect((await getJson(`${url}/api/status`)).body).toEqual({ state: 'open', message: null, opens_at: null, alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }], no_other_way: null });
  });

  it('refuses to start a web conversation outside the hours and says when it opens', async () => {
    expect((await put('/api/admin/hours', { hours: TORONTO }, advocateToken)).status).toBe(403);
    expect((await put('/api/admin/hours', { hours: { ...TORONTO, timeZone: 'Mars/Olympus' } }, adminToken)).status).toBe(400);
    expect((await put('/api/admin/hours', { hours: TORONTO }, adminToken)).status).toBe(200);
    expect((await start()).status).toBe(201);

    now = new Date('2026-11-24T23:00:00Z').getTime();
    const status = await getJson<{ state: string; opens_at: string }>(`${url}/api/status`);
    expect(status.body).toMatchObject({ state: 'closed', opens_at: '2026-11-25T14:00:00.000Z' });
    const refused = await start();
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/closed/);
  });

  it('has an emergency switch that overrides the hours', async () => {
    now = new Date('2026-11-24T14:30:00Z').getTime();
    const switched = await put('/api/admin/status', { override: 'emergency', message: 'Service interrupted: call the hotline.', alternatives: [{ label: 'Hotline', value: '1-800-555-0199' }] }, adminToken);
    expect(switched.status).toBe(200);
    expect(await switched.json()).toMatchObject({ state: 'emergency', message: 'Service interrupted: call the hotline.' });
    const refused = await start();
    expect(refused.status).toBe(503);
    expect(refused.body.message).toBe('Service interrupted: call the hotline.');
    await put('/api/admin/status', { override: 'none', message: null }, adminToken);
    expect((await getJson<{ state: string }>(`${url}/api/status`)).body.state).toBe('open');
  });

  it('puts the status in the participant page as /api/status gives it, after every change', async () => {
    now = new Date('2026-11-24T14:30:00Z').getTime();
    const inPage = async () => {
      const block = /<script type="application\/json" id="line-status">(.*?)<\/script>/.exec(await (await fetch(`${url}/`)).text());
      return JSON.parse(block![1]!) as { state: string; message: string | null };
    };
    const fromApi = async () => (await getJson<Record<string, unknown>>(`${url}/api/status`)).body;
    expect(await inPage()).toEqual(await fromApi());
    // The admin's words stay text inside the page.
    const message = 'Back soon </script><script>alert(1)</script> سلام';
    expect((await put('/api/admin/status', { override: 'emergency', message }, adminToken)).status).toBe(200);
    expect(await inPage()).toEqual(await fromApi());
    expect(await inPage()).toMatchObject({ state: 'emergency', message });
    await put('/api/admin/status', { override: 'none', message: null }, adminToken);
    expect((await inPage()).state).toBe('open');
    // The hours too: closed at night, with the next opening.
    now = new Date('2026-11-24T23:00:00Z').getTime();
    expect(await inPage()).toEqual({ ...(await fromApi()), state: 'closed' });
  });
});

describe.runIf(await scaleOutAvailable())('the emergency switch across nodes', () => {
  it('reaches a participant on node B within 2 s of an admin switching it on node A', async () => {
    const database = await freshDatabase();
    let nodes: InProcessNode[] = [];
    try {
      nodes = await startNodes(2, database);
      const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
      const admin = await signIn(a.url, 'admin', 'correct horse battery');
      const participant = await startParticipant(b.url);
      const socket = await FrameSocket.connect(b.wsUrl, participant.started.token);
      const response = await fetch(`${a.url}/api/admin/status`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
        body: JSON.stringify({ override: 'emergency', message: 'Service interrupted.' }),
      });
      expect(response.status).toBe(200);
      const frame = await socket.next<Extract<ServerFrame, { type: 'status' }>>((f) => f.type === 'status', 2000);
      expect(frame).toMatchObject({ state: 'emergency', message: 'Service interrupted.' });
      expect((await getJson<{ state: string }>(`${b.url}/api/status`)).body.state).toBe('emergency');
      socket.close();
    } finally {
      for (const node of nodes) await node.close();
      await database.drop();
    }
  });
});
