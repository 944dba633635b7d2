import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, startParticipant } from './support/clients';
import { startServer, type TestServer } from './support/server';

/** Stops reading a socket for a while, as a stalled network does: pings wait unanswered. */
async function stall(socket: FrameSocket, ms: number): Promise<void> {
  const tcp = (socket.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  await new Promise((resolve) => setTimeout(resolve, ms));
  tcp.resume();
}

async function stillOpen(socket: FrameSocket): Promise<boolean> {
  if (socket.socket.readyState !== socket.socket.OPEN) return false;
  const pongs = socket.frames.filter((f) => f.type === 'pong').length;
  socket.send({ type: 'ping' });
  await socket.next(() => socket.frames.filter((f) => f.type === 'pong').length > pongs, 5_000);
  return true;
}

async function participantSockets(server: TestServer, count: number): Promise<FrameSocket[]> {
  const sockets: FrameSocket[] = [];
  for (let i = 0; i < count; i++) sockets.push(await FrameSocket.connect(server.wsUrl, (await startParticipant(server.url)).started.token));
  return sockets;
}

describe('heartbeat', () => {
  let stores: TestStore[] = [];
  let servers: TestServer[] = [];

  async function serverWith(heartbeatSeconds?: number): Promise<TestServer> {
    const ts = await openTestStore('pglite');
    stores.push(ts);
    const server = await startServer(ts.store, heartbeatSeconds ? { heartbeatSeconds } : {});
    servers.push(server);
    await setupAdmin(server.url, server.setupToken);
    return server;
  }

  beforeAll(() => {
    stores = [];
    servers = [];
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const ts of stores) await ts.dispose();
  });

  it('keeps a socket through a 4-second stall on a node with only three sockets (the round is 30 s whatever the count)', async () => {
    const server = await serverWith();
    const [stalled, ...others] = await participantSockets(server, 3);
    await stall(stalled!, 4_000);
    expect(await stillOpen(stalled!)).toBe(true);
    for (const socket of others) expect(await stillOpen(socket)).toBe(true);
  });

  it('drops a socket that misses a round of the configured period, and keeps those that answer', async () => {
    const server = await serverWith(0.5);
    const [stalled, ...others] = await participantSockets(server, 2);
    const closed = stalled!.closed;
    await stall(stalled!, 2_000);
    expect((await closed).code).toBe(1006);
    for (const socket of others) expect(await stillOpen(socket)).toBe(true);
  });
});
