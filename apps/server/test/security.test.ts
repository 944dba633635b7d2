import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Redis } from 'ioredis';
import * as lc from '@lantern/crypto';
import { buildApp } from '../src/app';
import { localBus } from '../src/bus/local';
import { createLogger } from '../src/log';
import { openTestStore, type TestStore } from './support/backends';
import { acceptInvite, FrameSocket, getJson, postJson, setupAdmin, signIn, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { freshDatabase, REDIS_URL, scaleOutAvailable } from './support/scale-out';
import { openStore } from '../src/store/db';
import { DEFAULT_LIMITS, startServer, testConfig, type TestServer } from './support/server';

describe('security', () => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  const tokens: Record<'advocate' | 'supervisor' | 'admin', string> = { advocate: '', supervisor: '', admin: '' };

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { allowedOrigins: ['https://program.example'] });
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    tokens.admin = admin.session.token;
    for (const role of ['advocate', 'supervisor'] as const) {
      const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role }, admin.session.token);
      const joined = await acceptInvite(server.url, invite.body.inviteToken, `${role}1`, `${role} password long`);
      tokens[role] = joined.body.token;
    }
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const opens = (url: string, origin?: string) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(url, origin ? { origin } : {});
      socket.once('open', () => (socket.close(), resolve(101)));
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('error', () => resolve(0));
    });

  it('lets the same origin and listed origins open a socket, and refuses others', async () => {
    const host = new URL(server.url).host;
    expect(await opens(server.wsUrl, `http://${host}`)).toBe(101);
    expect(await opens(server.wsUrl, 'https://program.example')).toBe(101);
    expect(await opens(server.wsUrl, 'https://evil.example')).toBe(403);
    expect(await opens(server.wsUrl, 'null')).toBe(403);
  });

  it('closes a socket that sends a frame over 64 KiB with 1009', async () => {
    const socket = await FrameSocket.connect(server.wsUrl);
    socket.send('x'.repeat(64 * 1024 + 1));
    expect((await socket.closed).code).toBe(1009);
  });

  it('keeps each participant token to its own conversation, for any pair', async () => {
    const participants: Participant[] = [];
    for (let i = 0; i < 4; i++) participants.push(await startParticipant(server.url));
    const sockets = await Promise.all(participants.map((p) => FrameSocket.connect(server.wsUrl, p.started.token)));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom('send', 'sync', 'close'), async (i, j, type) => {
        fc.pre(i !== j || type !== 'close');
        const target = participants[j]!.started.conversationId;
        const clientId = randomUUID();
        const frame =
          type === 'send'
            ? { type, conversationId: target, clientId, body: await lc.encryptMessage(participants[i]!.keys, 'participant', clientId, { text: 'x' }) }
            : type === 'sync'
              ? { type, conversationId: target, afterSeq: 0 }
              : { type, conversationId: target };
        const socket = sockets[i]!;
        const seen = socket.frames.length;
        socket.send(frame);
        socket.send({ type: 'ping' });
        const pong = await socket.next((f) => f.type === 'pong' && socket.frames.indexOf(f) >= seen);
        const answer = socket.frames.slice(seen, socket.frames.indexOf(pong));
        socket.frames.length = 0;
        if (i === j) expect(answer.some((f) => f.type === 'error')).toBe(false);
        else expect(answer).toEqual([expect.objectContaining({ type: 'error', code: 'forbidden' })]);
      }),
      { numRuns: 80 },
    );
    for (const socket of sockets) socket.close();
  });

  it('checks the role on every staff route', async () => {
    // Who may call each route; a route missing here fails the test, so a new route cannot skip the check.
    const PUBLIC = new Set(['GET /', 'GET /staff/', 'GET /staff', 'GET /healthz', 'GET /ws', 'GET /api/program', 'GET /api/status', 'GET /bye', 'GET /launcher.js', 'GET /assets/*', 'GET /staff/assets/*', 'POST /api/conversations', 'POST /api/conversations/end', 'POST /api/conversations/acknowledge', 'GET /api/notices/:language', 'GET /about-this-chat', 'POST /api/setup', 'POST /api/staff/accept', 'POST /api/staff/prelogin', 'POST /api/staff/login', 'POST /api/code-words/set', 'GET /interpret', 'GET /interpret/assets/*', 'GET /about/assets/*', 'POST /api/interpreter/redeem', 'GET /api/openapi.json', 'GET /.well-known/security.txt']);
    const ANY_STAFF = new Set(['GET /api/canned', 'POST /api/code-words', 'POST /api/code-words/lookup', 'GET /api/staff/me', 'PUT /api/staff/me/participant-name', 'POST /api/staff/logout', 'POST /api/staff/password', 'GET /api/sms', 'GET /api/staff/routing', 'PUT /api/staff/availability', 'PUT /api/staff/shift', 'GET /api/transfers/candidates', 'POST /api/conversations/:id/transfer', 'POST /api/transfers/notes/open', 'POST /api/conversations/:id/supervisor-request', 'POST /api/debrief', 'POST /api/conversations/:id/interpreter', 'DELETE /api/conversations/:id/interpreter']);
    const ADMIN = new Set(['POST /api/admin/canned', 'PUT /api/admin/canned/:id', 'DELETE /api/admin/canned/:id', 'GET /api/staff/members', 'POST /api/staff/invites', 'GET /api/staff/invites', 'DELETE /api/staff/invites/:id', 'POST /api/staff/members/:id/grants', 'POST /api/staff/members/:id/deactivate', 'POST /api/admin/program-keys', 'PUT /api/admin/status', 'PUT /api/admin/hours', 'GET /api/admin/audit', 'GET /api/admin/settings', 'GET /api/admin/notices', 'PUT /api/admin/notices', 'GET /api/admin/retention', 'PUT /api/admin/retention', 'GET /api/admin/sms-setup', 'PUT /api/admin/routing']);
    const staffRoutes = server.routes.map((r) => `${r.method} ${r.url}`).filter((r) => !PUBLIC.has(r) && !r.includes('/webhooks/'));
    // Supervisors and admins: supervisors plan the rota from the statistics.
    const SUPERVISOR = new Set(['GET /api/admin/statistics', 'GET /api/admin/statistics.csv', 'POST /api/conversations/:id/supervise']);
    expect(staffRoutes.filter((r) => !ANY_STAFF.has(r) && !ADMIN.has(r) && !SUPERVISOR.has(r))).toEqual([]);
    expect(staffRoutes.length).toBeGreaterThanOrEqual(ANY_STAFF.size + ADMIN.size + SUPERVISOR.size - 1);

    for (const route of staffRoutes) {
      const [method, template] = route.split(' ') as [string, string];
      // logout would end the session the later checks use: its own test covers it.
      if (route === 'POST /api/staff/logout') continue;
      const path = template.replace(':id', randomUUID());
      for (const who of ['nobody', 'advocate', 'supervisor', 'admin'] as const) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (who !== 'nobody') headers.authorization = `Bearer ${tokens[who]}`;
        // Allowed callers get a body the schema refuses, or an unknown id (404): nothing changes; the point is the role check.
        const response = await fetch(`${server.url}${path}`, { method, headers, ...(method === 'GET' ? {} : { body: '{"not":"valid"}' }) });
        const allowed = who === 'admin' || (who !== 'nobody' && ANY_STAFF.has(route)) || (who === 'supervisor' && SUPERVISOR.has(route));
        const expected = who === 'nobody' ? [401] : allowed ? [200, 400, 404] : [403];
        expect({ route, who, status: response.status }).toEqual({ route, who, status: expect.toBeOneOf(expected) });
      }
    }
  });

  it('needs no CSRF token because it sets no cookie and takes only JSON', async () => {
    const invitesBefore = await ts.store.db.selectFrom('staff_invites').select('token_hash').execute();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${server.url}/api/staff/invites`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${tokens.admin}` },
        body: 'role=admin',
      });
      expect(response.status).toBe(415);
    }
    expect(await ts.store.db.selectFrom('staff_invites').select('token_hash').execute()).toEqual(invitesBefore);
  });

  it('sends the protective headers and no cookie on every route', async () => {
    for (const path of ['/', '/staff/', '/healthz', '/api/program', '/api/staff/me', '/nowhere']) {
      const response = await fetch(`${server.url}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('closes staff sockets when the session is signed out or expires', async () => {
    const session = await signIn(server.url, 'admin', 'correct horse battery');
    const socket = await FrameSocket.connect(server.wsUrl, session.session.token);
    expect((await postJson(`${server.url}/api/staff/logout`, {}, session.session.token)).status).toBe(204);
    expect((await socket.closed).code).toBe(1008);
    expect((await getJson(`${server.url}/api/staff/me`, session.session.token)).status).toBe(401);

    const short = await signIn(server.url, 'admin', 'correct horse battery');
    await ts.store.db.updateTable('staff_sessions').set({ expires_at: new Date(Date.now() + 1500) }).where('token_hash', '=', (await import('../src/tokens')).hashToken(short.session.token)).execute();
    const expiring = await FrameSocket.connect(server.wsUrl, short.session.token);
    expect(expiring.frames[0]).toMatchObject({ type: 'ready' });
    expect((await expiring.closed).code).toBe(1008);
  });
});

describe('limits at their defaults', () => {
  let ts: TestStore;
  let server: TestServer;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { limits: DEFAULT_LIMITS });
    await setupAdmin(server.url, server.setupToken);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('closes a flooding socket with 1008 after a clear error', async () => {
    const socket = await FrameSocket.connect(server.wsUrl);
    for (let i = 0; i < DEFAULT_LIMITS.socketFrameBurst + 20; i++) socket.send({ type: 'ping' });
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'rate_limited' });
    expect((await socket.closed).code).toBe(1008);
  });

  it('caps conversations started per address without keeping the address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_LIMITS.startsPerAddress + 2; i++) {
      const pair = await lc.generateKeyPair();
      statuses.push((await postJson(`${server.url}/api/conversations`, { participantKey: await lc.exportPublicKey(pair.publicKey) })).status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(DEFAULT_LIMITS.startsPerAddress);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    const { dumpTables } = await import('./support/scan');
    expect(await dumpTables(ts.store.db)).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
    expect(server.logs.join('\n')).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
  });
});

describe.runIf(await scaleOutAvailable())('sign-in limits shared by nodes through Redis', () => {
  it('counts attempts on one node against the other', async () => {
    const redis = new Redis(REDIS_URL);
    // Nodes of one program share its database, and so the secret behind the counters' salt.
    const database = await freshDatabase();
    const stores = [await openStore({ dataDir: '', databaseUrl: database.url }), await openStore({ dataDir: '', databaseUrl: database.url })];
    const limits = { ...DEFAULT_LIMITS, staffRequestsPerMinute: 4 };
    const apps = [];
    try {
      for (const store of stores) {
        const { app } = await buildApp({ config: testConfig({ limits }), store, bus: localBus(), logger: createLogger('silent'), redis });
        await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
        apps.push(app);
      }
      const urls = apps.map((app) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await postJson(`${urls[i % 2]}/api/staff/prelogin`, { username: 'someone' })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      const keys = await redis.keys('lantern-signin:*');
      expect(keys.join(' ')).not.toMatch(/127\.0\.0\.1|::1/);
    } finally {
      for (const app of apps) await app.close();
      for (const store of stores) await store.close();
      await database.drop();
      redis.disconnect();
    }
  });
});
