import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { seedClosed } from './support/statistics-seed';
import { startServer, type TestServer } from './support/server';

/**
 * A waiting participant is told their place in line when the program allows it (off by default),
 * again whenever it changes, never how long the line is past the 5th place, and the usual wait
 * lately from the statistics' hourly counts alone.
 */
describe.each(await availableBackends())('the place in line on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let staff: FrameSocket;
  const sockets: FrameSocket[] = [];

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
  });

  afterAll(async () => {
    for (const socket of [...sockets, staff]) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  const setQueuePlace = async (queuePlace: boolean) => {
    const response = await fetch(`${server.url}/api/admin/routing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
      body: JSON.stringify({ conversationCap: 10, shiftEndMarginMinutes: 30, queuePlace }),
    });
    expect(response.status).toBe(200);
  };

  async function waiting(count: number) {
    const started = [];
    for (let i = 0; i < count; i++) {
      const p = await startParticipant(server.url);
      const socket = await FrameSocket.connect(server.wsUrl, p.started.token);
      await socket.next((f) => f.type === 'conversation' && f.status === 'waiting');
      sockets.push(socket);
      started.push({ id: p.started.conversationId, socket });
    }
    return started;
  }

  const places = (socket: FrameSocket) => socket.frames.filter((f): f is PlaceFrame => f.type === 'place').map((f) => f.place);
  const claim = async (id: string) => {
    staff.send({ type: 'claim', conversationId: id });
    await staff.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'));
  };

  it('says nothing while the setting is off, as it is by default', async () => {
    const [first, second] = await waiting(2);
    await claim(first!.id);
    await claim(second!.id);
    // Time for any place frame those queue changes would have brought (they come within milliseconds when on, below).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([...places(first!.socket), ...places(second!.socket)]).toEqual([]);
  });

  it('tells three waiting participants their places, and each new place as the ones ahead are answered', async () => {
    await setQueuePlace(true);
    const [a, b, c] = await waiting(3);
    await expect.poll(() => [a, b, c].map((p) => places(p!.socket).at(-1))).toEqual([1, 2, 3]);
    await claim(a!.id);
    await expect.poll(() => [b, c].map((p) => places(p!.socket).at(-1))).toEqual([1, 2]);
    await claim(b!.id);
    await expect.poll(() => places(c!.socket).at(-1)).toBe(1);
    // Each was told only the changes: no repeat of a place already said.
    expect(places(a!.socket)).toEqual([1]);
    expect(places(b!.socket)).toEqual([2, 1]);
    expect(places(c!.socket)).toEqual([3, 2, 1]);
    await claim(c!.id);
  });

  it('says "after the 5th" for any later place, never how far back', async () => {
    const line = await waiting(7);
    await expect.poll(() => line.map((p) => places(p.socket).at(-1))).toEqual([1, 2, 3, 4, 5, 6, 6]);
    for (const p of line) await claim(p.id);
  });

  it('gives the usual wait lately once at least 5 answered waits are counted, and stops when turned off', async () => {
    const now = Date.now();
    // Four answered within a minute, then a fifth and sixth after 2 minutes: half fell in 1 to 5 minutes.
    const answered = [20, 30, 40, 50, 120, 180].map((after, i) => ({ startedAt: new Date(now - (i + 2) * 3_600_000), answeredAfter: after, closedAfter: after + 600 }));
    await seedClosed(ts.store.db, answered.slice(0, 4));
    const [early] = await waiting(1);
    await expect.poll(() => early!.socket.frames.filter((f) => f.type === 'place').at(-1)).toMatchObject({ place: 1, usualWait: null });
    await claim(early!.id);
    await seedClosed(ts.store.db, answered.slice(4));
    // A week ago and more is not "lately".
    await seedClosed(ts.store.db, Array.from({ length: 10 }, () => ({ startedAt: new Date(now - 8 * 24 * 3_600_000), answeredAfter: 3000, closedAfter: 4000 })));
    const [later] = await waiting(1);
    await expect.poll(() => later!.socket.frames.filter((f) => f.type === 'place').at(-1)).toMatchObject({ place: 1, usualWait: 'under_1m' });
    await seedClosed(ts.store.db, [1, 2, 3].map((i) => ({ startedAt: new Date(now - i * 3_600_000), answeredAfter: 200, closedAfter: 800 })));
    // The middle of 9 (4 under a minute, 5 from 1 to 5) is now in 1 to 5 minutes; a change of the queue brings it.
    await waiting(1);
    await expect.poll(() => later!.socket.frames.filter((f) => f.type === 'place').at(-1)).toMatchObject({ place: 1, usualWait: '1_to_5m' });

    await setQueuePlace(false);
    await expect.poll(() => later!.socket.frames.filter((f) => f.type === 'place').at(-1)).toEqual({ type: 'place', conversationId: later!.id, place: null, usualWait: null });
  });
});
