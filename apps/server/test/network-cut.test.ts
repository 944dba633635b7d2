import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { FrameSocket, inviteMember, signIn, staffKeysFor, startParticipant, type StaffKeys } from './support/clients';
import { CuttingProxy } from './support/proxy';
import { ResilientClient, until } from './support/resilient';
import { freshDatabase, scaleOutAvailable, startNodes, type InProcessNode } from './support/scale-out';

const MESSAGES = 60;

/**
 * Two nodes on PostgreSQL + Redis, each behind a proxy that drops TCP connections at moments
 * fast-check chooses. Twenty conversations; each must arrive whole, in order, once.
 */
describe.runIf(await scaleOutAvailable())('network cuts between clients and nodes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let nodes: InProcessNode[] = [];
  const proxies: CuttingProxy[] = [];
  let advocate: StaffKeys;

  beforeAll(async () => {
    database = await freshDatabase();
    nodes = await startNodes(2, database);
    for (const node of nodes) {
      const proxy = new CuttingProxy(node.port);
      await proxy.start();
      proxies.push(proxy);
    }
    const admin = await signIn(nodes[0]!.url, 'admin', 'correct horse battery');
    advocate = await inviteMember(nodes[0]!.url, admin, 'avery', 'advocate password 1');
    // One advocate holds every run's conversation: lift the program's cap on conversations at once.
    await fetch(`${nodes[0]!.url}/api/admin/routing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
      body: JSON.stringify({ conversationCap: 100, shiftEndMarginMinutes: 30, queuePlace: false }),
    });
  });

  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
    for (const node of nodes) await node.close();
    await database?.drop();
  });

  it('delivers every message exactly once in order, 20 times over', async () => {
    const [proxyA, proxyB] = proxies as [CuttingProxy, CuttingProxy];
    const viaA = `ws://127.0.0.1:${proxyA.port}/ws`;
    const viaB = `ws://127.0.0.1:${proxyB.port}/ws`;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ at: fc.integer({ min: 1, max: MESSAGES - 1 }), which: fc.constantFrom('A', 'B', 'both') }), {
          minLength: 1,
          maxLength: 3,
          selector: (cut) => cut.at,
        }),
        async (cuts) => {
          runs++;
          const participant = await startParticipant(`http://127.0.0.1:${nodes[0]!.port}`);
          const conversationId = participant.started.conversationId;
          const claimer = await FrameSocket.connect(`ws://127.0.0.1:${nodes[1]!.port}/ws`, advocate.session.token);
          claimer.send({ type: 'claim', conversationId });
          const queued = await claimer.next<Extract<ServerFrame, { type: 'queue' }>>(
            (f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId && c.status === 'active'),
          );
          claimer.close();
          const staffKeys = await staffKeysFor(advocate, queued.conversations.find((c) => c.id === conversationId)!);
          const p = new ResilientClient(() => [viaA], participant.started.token, participant.keys, 'participant');
          const s = new ResilientClient(() => [viaB], advocate.session.token, staffKeys, 'staff');
          p.start();
          s.start();
          for (let i = 0; i < MESSAGES; i++) {
            for (const cut of cuts.filter((c) => c.at === i)) {
              if (cut.which !== 'B') proxyA.cut();
              if (cut.which !== 'A') proxyB.cut();
            }
            await (i % 2 === 0 ? p : s).send(`message ${i}`);
            if (i % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
          }
          await until(
            () => p.received.size === MESSAGES && s.received.size === MESSAGES && p.pending === 0 && s.pending === 0,
            30_000,
            () => `cuts ${JSON.stringify(cuts)}: participant ${p.received.size} (${p.pending} pending), staff ${s.received.size} (${s.pending} pending)`,
          );
          p.stop();
          s.stop();
          const pt = p.transcript();
          expect(pt.map((m) => m.seq)).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
          expect(s.transcript().map((m) => m.clientId)).toEqual(pt.map((m) => m.clientId));
          expect(pt.filter((m) => m.sender === 'participant').map((m) => m.clientId)).toEqual(p.sentOrder);
          expect(pt.filter((m) => m.sender === 'staff').map((m) => m.clientId)).toEqual(s.sentOrder);
          const stored = await nodes[0]!.store.db.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId).execute();
          expect(stored).toHaveLength(MESSAGES);
        },
      ),
      { numRuns: 20 },
    );
    expect(runs).toBe(20);
    expect(proxyA.cuts + proxyB.cuts).toBeGreaterThanOrEqual(20);
  });
});
