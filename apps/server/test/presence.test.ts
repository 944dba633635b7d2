import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

type Presence = Extract<ServerFrame, { type: 'presence' }>;

/** The console learns when the participant's page closed and came back, so nobody writes to an empty room unawares. */
describe('participant presence', () => {
  let ts: TestStore;
  let server: TestServer;
  let staff: StaffKeys;
  const sockets: FrameSocket[] = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { participantGoneGraceSeconds: 45 });
    await setupAdmin(server.url, server.setupToken);
    staff = await signIn(server.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  it('tells the staff in the conversation when the page closes and comes back, and nobody else', async () => {
    const holder = await FrameSocket.connect(server.wsUrl, staff.session.token);
    const other = await FrameSocket.connect(server.wsUrl, staff.session.token);
    sockets.push(holder, other);
    const p = await startParticipant(server.url);
    const id = p.started.conversationId;
    const page = await FrameSocket.connect(server.wsUrl, p.started.token);
    holder.send({ type: 'claim', conversationId: id });
    await holder.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'));
    holder.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    // Frames are handled in order: once the pong is back, the sync has subscribed this socket.
    holder.send({ type: 'ping' });
    await holder.next((f) => f.type === 'pong');

    page.close();
    const gone = await holder.next<Presence>((f) => f.type === 'presence' && !f.present);
    expect(gone).toMatchObject({ conversationId: id, present: false, graceSeconds: 45 });
    expect(Date.parse(gone.since)).toBeGreaterThan(Date.now() - 60_000);

    const back = await FrameSocket.connect(server.wsUrl, p.started.token);
    sockets.push(back);
    expect(await holder.next<Presence>((f) => f.type === 'presence' && f.present)).toMatchObject({ conversationId: id, present: true });
    // A socket that never opened the conversation, and the participant's own, hear nothing of it.
    expect(other.frames.some((f) => f.type === 'presence')).toBe(false);
    expect(back.frames.some((f) => f.type === 'presence')).toBe(false);
  });
});
