import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingSelf, ServerFrame } from '@lantern/protocol';
import { buildApp } from '../src/app';
import { localBus } from '../src/bus/local';
import { planAssignments } from '../src/conversations/routing';
import { createLogger } from '../src/log';
import type { Store } from '../src/store/db';
import { insertSmsConversation } from '../src/sms/store';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import * as lc from '@lantern/crypto';
import { acceptInvite, FrameSocket, getJson, inviteMember, postJson, setupAdmin, signIn, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { freshDatabase, scaleOutAvailable, startNodes, type InProcessNode } from './support/scale-out';
import { testConfig } from './support/server';
import { hourlyEvents } from './support/audit';

const MINUTE = 60_000;
type ConversationFrame = Extract<ServerFrame, { type: 'conversation' }>;

async function put<T>(url: string, body: unknown, token: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

/** The app on a real port, with its routing at hand so a test can wait for a whole routing run. */
async function startRoutingServer(store: Store, clock: () => Date) {
  const bus = localBus();
  const config = testConfig({ logLevel: 'warn' });
  const built = await buildApp({ config, store, bus, logger: createLogger('warn'), clock });
  await built.app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'listening' });
  const { port } = built.app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    routing: built.routing,
    setupToken: (await built.accounts.prepareSetup(config.programName))!,
    async close() {
      await built.app.close();
      await bus.close();
    },
  };
}

describe('round-robin planning', () => {
  const member = (id: string, active: number, lastAssignedAt: Date | null, epochs = [1]) => ({ id, participantName: id, active, lastAssignedAt, epochs: new Set(epochs) });
  const waiting = (n: number, epoch = 1) => Array.from({ length: n }, (_, i) => ({ id: `c${i}`, epoch, channel: (i % 2 ? 'sms' : 'web') as 'web' | 'sms' }));

  it('gives each conversation to whoever holds fewest, ties to who was handed one longest ago, never past the cap', () => {
    const plan = planAssignments(waiting(5), [member('a', 1, new Date(1000)), member('b', 0, new Date(5000)), member('c', 0, new Date(2000))], 2);
    // c (0, longest ago), b (0), then everyone at 1: a was handed one longest ago, then c, then b; a is at the cap of 2.
    expect(plan.map((p) => [p.conversationId, p.staffId])).toEqual([
      ['c0', 'c'],
      ['c1', 'b'],
      ['c2', 'a'],
      ['c3', 'c'],
      ['c4', 'b'],
    ]);
    expect(plan.map((p) => p.channel)).toEqual(['web', 'sms', 'web', 'sms', 'web']);
  });

  it('hands out nothing past the cap, and only to holders of the conversation epoch', () => {
    expect(planAssignments(waiting(3), [member('a', 3, null)], 3)).toEqual([]);
    expect(planAssignments(waiting(2, 2), [member('old', 0, null, [1]), member('new', 2, null, [1, 2])], 3).map((p) => p.staffId)).toEqual(['new']);
    expect(planAssignments(waiting(2), [member('never', 0, null), member('lately', 0, new Date(9000))], 1).map((p) => p.staffId)).toEqual(['never', 'lately']);
  });
});

describe.each(await availableBackends())('queue routing on %s', (backend) => {
  let ts: TestStore;
  let server: Awaited<ReturnType<typeof startRoutingServer>>;
  let now = Date.now();
  const clock = () => new Date(now);
  let admin: StaffKeys;
  let avery: StaffKeys;
  let blake: StaffKeys;
  let casey: StaffKeys;
  let sam: StaffKeys;
  const participants: Array<{ p: Participant; socket: FrameSocket }> = [];
  /** Members' open consoles: an available advocate has one (closing it makes them away). */
  const consoles = new Map<StaffKeys, FrameSocket>();
  const consoleOf = async (member: StaffKeys) => {
    if (!consoles.has(member)) consoles.set(member, await FrameSocket.connect(server.wsUrl, member.session.token));
    return consoles.get(member)!;
  };

  const holder = async (conversationId: string) =>
    (await ts.store.db.selectFrom('conversations').select(['assigned_to', 'status']).where('id', '=', conversationId).executeTakeFirstOrThrow());
  const heldBy = async (member: StaffKeys) =>
    (await ts.store.db.selectFrom('conversations').select('id').where('assigned_to', '=', member.session.me.id).where('status', '=', 'active').execute()).map((r) => r.id);
  const start = async () => {
    const p = await startParticipant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, p.started.token);
    participants.push({ p, socket });
    return participants.at(-1)!;
  };
  const routingOf = async (member: StaffKeys) => (await getJson<RoutingSelf>(`${server.url}/api/staff/routing`, member.session.token)).body;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startRoutingServer(ts.store, clock);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    avery = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
    blake = await inviteMember(server.url, admin, 'blake', 'advocate password 2');
    casey = await inviteMember(server.url, admin, 'casey', 'advocate password 3');
    sam = await inviteMember(server.url, admin, 'sam', 'supervisor password', 'supervisor');
  });

  afterAll(async () => {
    for (const { socket } of participants) socket.close();
    for (const socket of consoles.values()) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  it('starts everyone away, and lets only admins set the cap and the shift-end window', async () => {
    for (const member of [avery, blake, casey, sam]) expect(await routingOf(member)).toMatchObject({ available: false, shiftEndsAt: null, active: 0 });
    expect((await routingOf(avery)).routed).toBe(true);
    expect((await routingOf(sam)).routed).toBe(false);
    expect((await routingOf(avery)).settings).toEqual({ conversationCap: 3, shiftEndMarginMinutes: 30 });

    expect((await put(`${server.url}/api/admin/routing`, { conversationCap: 2, shiftEndMarginMinutes: 30 }, avery.session.token)).status).toBe(403);
    expect((await put(`${server.url}/api/admin/routing`, { conversationCap: 0, shiftEndMarginMinutes: 30 }, admin.session.token)).status).toBe(400);
    const saved = await put(`${server.url}/api/admin/routing`, { conversationCap: 2, shiftEndMarginMinutes: 30 }, admin.session.token);
    expect(saved).toEqual({ status: 200, body: { conversationCap: 2, shiftEndMarginMinutes: 30 } });
  });

  it('refuses a shift end in the past or more than a day ahead', async () => {
    for (const at of [now - MINUTE, now + 25 * 60 * MINUTE]) {
      const reply = await put<{ message: string }>(`${server.url}/api/staff/shift`, { shiftEndsAt: new Date(at).toISOString() }, casey.session.token);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(/within the next 24 hours/);
    }
    expect((await put(`${server.url}/api/staff/shift`, { shiftEndsAt: 'tomorrow' }, casey.session.token)).status).toBe(400);
  });

  it('routes to available advocates below the cap: not to the away one, nor inside the last 30 minutes of a shift, nor to a supervisor', async () => {
    const ok = (reply: { status: number }) => expect(reply.status).toBe(200);
    await (await consoleOf(avery)).next((f) => f.type === 'ready');
    ok(await put(`${server.url}/api/staff/availability`, { available: true }, avery.session.token));
    ok(await put(`${server.url}/api/staff/availability`, { available: true }, casey.session.token));
    ok(await put(`${server.url}/api/staff/availability`, { available: true }, sam.session.token));
    // Casey's shift ends in 40 minutes; a quarter of an hour later, that is inside the last 30.
    const shiftEnd = new Date(now + 40 * MINUTE).toISOString();
    expect((await put<RoutingSelf>(`${server.url}/api/staff/shift`, { shiftEndsAt: shiftEnd }, casey.session.token)).body.shiftEndsAt).toBe(shiftEnd);
    now += 15 * MINUTE;

    for (let i = 0; i < 4; i++) await start();
    await server.routing.route();

    const [first, second, third, fourth] = participants.map(({ p }) => p.started.conversationId) as [string, string, string, string];
    expect((await heldBy(avery)).sort()).toEqual([first, second].sort());
    expect(await heldBy(blake)).toEqual([]);
    expect(await heldBy(casey)).toEqual([]);
    expect(await heldBy(sam)).toEqual([]);
    expect(await holder(third)).toEqual({ assigned_to: null, status: 'waiting' });
    expect(await holder(fourth)).toEqual({ assigned_to: null, status: 'waiting' });
    for (const { socket } of participants.slice(0, 2)) {
      // Routing tells the participant the name participants see, never the display name.
      expect(await socket.next<ConversationFrame>((f) => f.type === 'conversation' && f.status === 'active')).toMatchObject({ staffName: 'Avery' });
    }
    expect(await routingOf(avery)).toMatchObject({ available: true, active: 2 });
  });

  it('refuses an advocate’s claim beyond the cap, with the reason', async () => {
    const socket = await consoleOf(avery);
    socket.send({ type: 'claim', conversationId: participants[2]!.p.started.conversationId });
    const refused = await socket.next<Extract<ServerFrame, { type: 'error' }>>((f) => f.type === 'error' && f.ref === 'claim');
    expect(refused.code).toBe('conflict');
    expect(refused.message).toMatch(/already hold 2 conversations/);
    expect(await holder(participants[2]!.p.started.conversationId)).toEqual({ assigned_to: null, status: 'waiting' });
  });

  it('routes the waiting ones to an advocate the moment they become available', async () => {
    const [, , third, fourth] = participants;
    await put(`${server.url}/api/staff/availability`, { available: true }, blake.session.token);
    for (const waiter of [third!, fourth!]) await waiter.socket.next((f) => f.type === 'conversation' && f.status === 'active');
    expect((await heldBy(blake)).sort()).toEqual([third!.p.started.conversationId, fourth!.p.started.conversationId].sort());
  });

  it('routes a new conversation to whoever holds fewest once one closes, and lets a supervisor claim past the cap', async () => {
    const averySocket = await consoleOf(avery);
    averySocket.send({ type: 'close', conversationId: participants[0]!.p.started.conversationId });
    await participants[0]!.socket.next((f) => f.type === 'closed');
    const fifth = await start();
    await fifth.socket.next((f) => f.type === 'conversation' && f.status === 'active');
    expect(await holder(fifth.p.started.conversationId)).toMatchObject({ assigned_to: avery.session.me.id });

    // Both advocates are at the cap: the next one waits, and the supervisor answers it.
    const sixth = await start();
    await server.routing.route();
    expect(await holder(sixth.p.started.conversationId)).toEqual({ assigned_to: null, status: 'waiting' });
    const samSocket = await consoleOf(sam);
    samSocket.send({ type: 'claim', conversationId: sixth.p.started.conversationId });
    await sixth.socket.next((f) => f.type === 'conversation' && f.status === 'active');
    expect(await holder(sixth.p.started.conversationId)).toMatchObject({ assigned_to: sam.session.me.id });
  });

  it('audits availability, shift ends, settings and each assignment, with no conversation id', async () => {
    const entries = await ts.store.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).orderBy('seq').execute();
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('staff.availability').map((e) => e.actor_id)).toEqual([avery, casey, sam, blake].map((m) => m.session.me.id));
    expect(of('staff.shift_end')).toHaveLength(1);
    expect(of('routing.changed')).toEqual([{ action: 'routing.changed', actor_id: admin.session.me.id, detail: { conversationCap: 2, shiftEndMarginMinutes: 30 } }]);
    // Assignments are counted per hour, not dated.
    const assigned = (await hourlyEvents(ts.store.db)).filter((e) => e.action === 'conversation.assigned');
    expect(assigned.map((e) => ({ to: e.detail.to, channel: e.detail.channel, count: e.count })).sort((x, y) => x.count - y.count)).toEqual([
      { to: blake.session.me.id, channel: 'web', count: 2 },
      { to: avery.session.me.id, channel: 'web', count: 3 },
    ]);
    const log = JSON.stringify([entries, assigned]);
    for (const { p } of participants) expect(log).not.toContain(p.started.conversationId);
  });

  it('makes a member away when they sign out: a new sign-in starts away', async () => {
    await postJson(`${server.url}/api/staff/logout`, {}, blake.session.token);
    const again = await signIn(server.url, 'blake', 'advocate password 2');
    expect(await routingOf(again)).toMatchObject({ available: false, active: 2 });
    // Nothing is routed to a member who signed out, even with room under the cap.
    await put(`${server.url}/api/admin/routing`, { conversationCap: 3, shiftEndMarginMinutes: 30 }, admin.session.token);
    const seventh = await start();
    await server.routing.route();
    expect(await holder(seventh.p.started.conversationId)).toMatchObject({ assigned_to: avery.session.me.id });
  });
});

/** Two nodes on one PostgreSQL route at once, as many times as they are prompted: each conversation goes to one advocate, once. */
describe.runIf(await scaleOutAvailable())('routing on two nodes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let nodes: InProcessNode[] = [];
  const sockets: FrameSocket[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    nodes = await startNodes(2, database);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it('assigns no conversation twice and passes no cap, web and text alike', async () => {
    const [a, b] = nodes as [InProcessNode, InProcessNode];
    const admin = await signIn(a.url, 'admin', 'correct horse battery');
    const advocates = [
      await inviteMember(a.url, admin, 'avery', 'advocate password 1'),
      await inviteMember(b.url, admin, 'blake', 'advocate password 2'),
      await inviteMember(a.url, admin, 'casey', 'advocate password 3'),
    ];
    // Two texts came in first: SMS conversations wait in the same queue (their rows as the SMS service writes them).
    const texts = [randomUUID(), randomUUID()];
    for (const conversationId of texts) {
      const inserted = await insertSmsConversation(a.store.db, {
        conversationId,
        smsId: randomUUID(),
        provider: 'twilio',
        epoch: 1,
        tokenHash: `sms:${conversationId}`,
        language: 'en',
        participantKey: 'P'.repeat(87),
        phoneHash: randomUUID(),
        phoneSealed: 'sealed',
        assignedTo: null,
      });
      expect(inserted).toBe(true);
    }
    const started = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const node = i % 2 ? b : a;
        const p = await startParticipant(node.url);
        const socket = await FrameSocket.connect(node.wsUrl, p.started.token);
        sockets.push(socket);
        return { p, socket };
      }),
    );
    // Everyone becomes available at once, through both nodes, while both nodes' sweepers route too.
    await Promise.all([
      ...advocates.map((m, i) => put(`${(i % 2 ? b : a).url}/api/staff/availability`, { available: true }, m.session.token)),
      a.sweeper.run(),
      b.sweeper.run(),
      a.sweeper.run(),
      b.sweeper.run(),
    ]);
    await Promise.all([a.sweeper.run(), b.sweeper.run()]);

    const db = a.store.db;
    const rows = await db.selectFrom('conversations').select(['id', 'status', 'assigned_to']).execute();
    const active = rows.filter((r) => r.status === 'active');
    expect(active).toHaveLength(9);
    for (const m of advocates) expect(active.filter((r) => r.assigned_to === m.session.me.id)).toHaveLength(3);
    const assigned = (await hourlyEvents(db)).filter((e) => e.action === 'conversation.assigned');
    const total = (events: typeof assigned) => events.reduce((sum, e) => sum + e.count, 0);
    expect(total(assigned)).toBe(9);
    // Oldest first, whatever the channel.
    for (const id of texts) expect(active.map((r) => r.id)).toContain(id);
    expect(total(assigned.filter((e) => e.detail.channel === 'sms'))).toBe(2);
    for (const { p, socket } of started) {
      const mine = active.some((r) => r.id === p.started.conversationId);
      if (mine) await socket.next((f) => f.type === 'conversation' && f.status === 'active');
    }
    // Fan-out has settled once every routed participant has heard; none heard twice, none waiting heard at all.
    await Promise.all([a.sweeper.run(), b.sweeper.run()]);
    for (const { p, socket } of started) {
      const heard = socket.frames.filter((f) => f.type === 'conversation' && f.status === 'active');
      expect(heard).toHaveLength(active.some((r) => r.id === p.started.conversationId) ? 1 : 0);
    }
  });
});

describe('availability follows the console', () => {
  let ts: TestStore;
  let server: Awaited<ReturnType<typeof startRoutingServer>>;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startRoutingServer(ts.store, () => new Date());
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('makes an advocate away when their console closes, so no one is routed to an empty desk', async () => {
    await setupAdmin(server.url, server.setupToken);
    const admin = await signIn(server.url, 'admin', 'correct horse battery');
    const avery = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
    const routingOf = async () => (await getJson<RoutingSelf>(`${server.url}/api/staff/routing`, avery.session.token)).body;

    // Two tabs of one session: closing one leaves the other at work.
    const tabs = [await FrameSocket.connect(server.wsUrl, avery.session.token), await FrameSocket.connect(server.wsUrl, avery.session.token)];
    for (const tab of tabs) await tab.next((f) => f.type === 'ready');
    expect((await put(`${server.url}/api/staff/availability`, { available: true }, avery.session.token)).status).toBe(200);
    tabs[0]!.close();
    await tabs[0]!.closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await routingOf()).available).toBe(true);

    tabs[1]!.close();
    await tabs[1]!.closed;
    await expect.poll(async () => (await routingOf()).available).toBe(false);
    const p = await startParticipant(server.url);
    await server.routing.route();
    expect((await ts.store.db.selectFrom('conversations').select('assigned_to').where('id', '=', p.started.conversationId).executeTakeFirstOrThrow()).assigned_to).toBeNull();
    const audit = await ts.store.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'staff.availability').orderBy('seq').execute();
    expect(audit.at(-1)?.detail).toEqual({ available: false, reason: 'console closed' });
  });

  it('puts back in the queue what a member held when their last session ends, and tells the participant', async () => {
    const admin = await signIn(server.url, 'admin', 'correct horse battery');
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, 'blake', 'advocate password 2');
    const sealed = await lc.sealPrivateKey(admin.programPrivate.get(1)!, await lc.importPublicKey(joined.body.me.publicKey), lc.programKeyContext(1));
    await postJson(`${server.url}/api/staff/members/${joined.body.me.id}/grants`, { epoch: 1, sealed }, admin.session.token);

    const p = await startParticipant(server.url);
    const participant = await FrameSocket.connect(server.wsUrl, p.started.token);
    const desk = await FrameSocket.connect(server.wsUrl, joined.body.token);
    await desk.next((f) => f.type === 'ready');
    desk.send({ type: 'claim', conversationId: p.started.conversationId });
    await participant.next((f) => f.type === 'conversation' && f.status === 'active');

    expect((await postJson(`${server.url}/api/staff/logout`, {}, joined.body.token)).status).toBe(204);
    expect(await participant.next((f) => f.type === 'conversation' && f.status === 'waiting')).toMatchObject({ staffName: null });
    const row = await ts.store.db.selectFrom('conversations').select(['status', 'assigned_to']).where('id', '=', p.started.conversationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'waiting', assigned_to: null });
    participant.close();
  });
});
