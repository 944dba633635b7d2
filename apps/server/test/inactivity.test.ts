import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, signIn, startParticipant } from './support/clients';
import { startServer, type TestServer } from './support/server';

const MINUTE = 60_000;
type Notice = Extract<ServerFrame, { notice: 'inactivity_warning' }>;
type Closed = Extract<ServerFrame, { type: 'closed' }>;

/**
 * A participant who writes nothing is warned with a close time on a whole minute, and when the
 * chat closes for that silence both sides are told so, with how long it lasted: not a bare "ended".
 */
describe.each(await availableBackends())('the inactivity close on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  // Seconds past the minute, as a real sweep would find it.
  let now = Math.floor(Date.now() / MINUTE) * MINUTE + 46_000;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store, { inactivity: { warnAfterMinutes: 10, closeAfterMinutes: 5 } }, () => new Date(now));
    await setupAdmin(server.url, server.setupToken);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('names a close on the minute, closes then, and tells participant and staff it was for silence', async () => {
    const admin = await signIn(server.url, 'admin', 'correct horse battery');
    const staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
    const participant = await startParticipant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const id = participant.started.conversationId;
    staff.send({ type: 'claim', conversationId: id });
    await socket.next((f) => f.type === 'conversation' && f.status === 'active');
    staff.send({ type: 'sync', conversationId: id, afterSeq: 0 });

    const answeredAt = now;
    now = answeredAt + 10 * MINUTE + 1000;
    expect((await server.sweeper.run()).warned).toEqual([id]);
    const expected = new Date(Math.ceil((now + 5 * MINUTE) / MINUTE) * MINUTE).toISOString();
    for (const side of [socket, staff]) expect((await side.next<Notice>((f) => f.type === 'notice')).closesAt).toBe(expected);
    expect(new Date(expected).getUTCSeconds()).toBe(0);

    now = Date.parse(expected) - 1;
    expect((await server.sweeper.run()).closed).toEqual([]);
    now = Date.parse(expected);
    expect((await server.sweeper.run()).closed).toEqual([id]);
    for (const side of [socket, staff]) {
      expect(await side.next<Closed>((f) => f.type === 'closed')).toEqual({ type: 'closed', conversationId: id, by: 'system', silentMinutes: 15 });
    }
    staff.close();
  });

  it('says nothing of silence when a person ends the chat', async () => {
    const participant = await startParticipant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    await socket.next((f) => f.type === 'conversation');
    socket.send({ type: 'close', conversationId: participant.started.conversationId });
    expect(await socket.next<Closed>((f) => f.type === 'closed')).toEqual({ type: 'closed', conversationId: participant.started.conversationId, by: 'participant' });
  });
});
