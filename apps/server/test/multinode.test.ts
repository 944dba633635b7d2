import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameSocket, inviteMember, setupAdmin, signIn, staffKeysFor, startParticipant, type StaffKeys } from './support/clients';
import { freePort, ServerProcess } from './support/node-process';
import { ResilientClient, until } from './support/resilient';
import { freshDatabase, REDIS_URL, scaleOutAvailable } from './support/scale-out';

const MESSAGES = 500;

/**
 * Two server processes share PostgreSQL and Redis. A participant on node A and an advocate on
 * node B exchange 500 messages; halfway, node A dies by SIGKILL and comes back. Both sides must
 * end with the same 500 messages, in order, none twice.
 */
describe.runIf(await scaleOutAvailable())('two nodes, PostgreSQL and Redis', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let advocate: StaffKeys;

  beforeAll(async () => {
    database = await freshDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_CHANNEL: database.channel,
      DATA_DIR: '/nonexistent',
      // 500 messages in a second or two is a load test, not a person.
      LIMIT_SOCKET_FRAMES_PER_SECOND: '100000',
      LIMIT_SOCKET_FRAME_BURST: '100000',
      LIMIT_CONVERSATION_MESSAGES_PER_MINUTE: '100000',
    };
    a = new ServerProcess(await freePort(), env);
    b = new ServerProcess(await freePort(), env);
    // Every node prints a new setup link while no one has set up: set up through one, then scale out.
    await a.start();
    await setupAdmin(a.url, a.setupToken!, 'admin', 'correct horse battery');
    await b.start();
    const admin = await signIn(a.url, 'admin', 'correct horse battery');
    advocate = await inviteMember(b.url, admin, 'avery', 'advocate password 1');
  });

  afterAll(async () => {
    await a?.kill('SIGKILL');
    await b?.kill('SIGKILL');
    await database?.drop();
  });

  it('keeps every message exactly once, in order, through a SIGKILL of one node', async () => {
    const participant = await startParticipant(a.url);
    const conversationId = participant.started.conversationId;
    const claimer = await FrameSocket.connect(b.wsUrl, advocate.session.token);
    claimer.send({ type: 'claim', conversationId });
    const queued = await claimer.next<Extract<import('@lantern/protocol').ServerFrame, { type: 'queue' }>>(
      (f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId && c.status === 'active'),
    );
    claimer.close();
    const staffKeys = await staffKeysFor(advocate, queued.conversations.find((c) => c.id === conversationId)!);

    // The participant starts on A and, after a drop, tries B, then A again, and so on.
    const p = new ResilientClient(() => [a.wsUrl, b.wsUrl], participant.started.token, participant.keys, 'participant');
    const s = new ResilientClient(() => [b.wsUrl], advocate.session.token, staffKeys, 'staff');
    p.start();
    s.start();

    for (let i = 0; i < MESSAGES; i++) {
      if (i === MESSAGES / 2) {
        await a.kill('SIGKILL');
        void a.start().catch(() => {});
      }
      await (i % 2 === 0 ? p : s).send(`message ${i}`);
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const describe = () => `participant ${p.received.size}/${p.pending} pending, staff ${s.received.size}/${s.pending} pending`;
    await until(() => p.received.size === MESSAGES && s.received.size === MESSAGES && p.pending === 0 && s.pending === 0, 60_000, describe);
    p.stop();
    s.stop();

    const pt = p.transcript();
    const st = s.transcript();
    expect(pt.map((m) => m.seq)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    expect(st.map((m) => m.clientId)).toEqual(pt.map((m) => m.clientId));
    expect(new Set(pt.map((m) => m.clientId)).size).toBe(MESSAGES);
    // Each side's messages keep the order they were sent in.
    expect(pt.filter((m) => m.sender === 'participant').map((m) => m.clientId)).toEqual(p.sentOrder);
    expect(pt.filter((m) => m.sender === 'staff').map((m) => m.clientId)).toEqual(s.sentOrder);
    expect(pt.map((m) => m.text).sort()).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i}`).sort());
    expect(p.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('drains on SIGTERM: clients are told to reconnect (1012) and find the other node', async () => {
    await a.ready();
    const participant = await startParticipant(b.url);
    const socket = await FrameSocket.connect(b.wsUrl, participant.started.token);
    await b.kill('SIGTERM');
    expect((await socket.closed).code).toBe(1012);
    const elsewhere = await FrameSocket.connect(a.wsUrl, participant.started.token);
    expect(elsewhere.frames[0]).toMatchObject({ type: 'ready', role: 'participant' });
    elsewhere.close();
  });
});
