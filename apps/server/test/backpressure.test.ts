import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as lc from '@lantern/crypto';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, startParticipant, type Participant } from './support/clients';
import { startServer, type TestServer } from './support/server';

const MB = 1024 * 1024;
/** The largest message the page can send: 4,000 four-byte graphemes pad to 16 KiB. */
const LARGEST_TEXT = '😀'.repeat(4000);
const MESSAGES = 120;
/** Below the default 20 frames a second, so the frame limit is not what stops the attacker. */
const SYNCS_PER_SECOND = 19;
const ATTACK_MS = 6_000;
/** Other visitors on the node, reading as they should: a node is rarely this idle, and its heartbeat round spans them. */
const BYSTANDERS = 40;

/** What the server holds that a non-reading socket can grow: JS heap and the buffers behind it. */
const held = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

async function healthzMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/healthz`);
  await response.text();
  return performance.now() - started;
}

describe('a participant that asks for its chat again and again without reading', () => {
  let ts: TestStore;
  let server: TestServer;
  let participant: Participant;
  const bystanders: FrameSocket[] = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    participant = await startParticipant(server.url);
    const writer = await FrameSocket.connect(server.wsUrl, participant.started.token);
    for (let i = 0; i < MESSAGES; i++) {
      const clientId = randomUUID();
      const body = await lc.encryptMessage(participant.keys, 'participant', clientId, { text: LARGEST_TEXT });
      writer.send({ type: 'send', conversationId: participant.started.conversationId, clientId, body });
      await writer.next((f) => f.type === 'ack' && f.clientId === clientId);
    }
    writer.close();
    for (let i = 0; i < BYSTANDERS; i++) bystanders.push(await FrameSocket.connect(server.wsUrl, (await startParticipant(server.url)).started.token));
  });

  afterAll(async () => {
    for (const socket of bystanders) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  it('cannot push the heap 64 MB above its baseline nor slow /healthz past 500 ms, and is closed with 1008', async () => {
    const attacker = new WebSocket(server.wsUrl);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => attacker.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise((resolve) => attacker.once('open', resolve));
    attacker.send(JSON.stringify({ type: 'auth', token: participant.started.token }));
    await new Promise<void>((resolve) => attacker.on('message', (data) => String(data).includes('"ready"') && resolve()));
    // From here on it never reads: what the server sends piles up on the server's side.
    (attacker as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

    const baseline = held();
    let peak = baseline;
    let slowest = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, held())), 50);
    const sync = JSON.stringify({ type: 'sync', conversationId: participant.started.conversationId, afterSeq: 0 });
    const asking = setInterval(() => attacker.readyState === WebSocket.OPEN && attacker.send(sync), 1000 / SYNCS_PER_SECOND);
    try {
      const until = Date.now() + ATTACK_MS;
      while (Date.now() < until) {
        slowest = Math.max(slowest, await healthzMs(server.url));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      clearInterval(asking);
      clearInterval(sampler);
    }
    expect((peak - baseline) / MB).toBeLessThan(64);
    expect(slowest).toBeLessThan(500);

    (attacker as unknown as { _socket: { resume(): void } })._socket.resume();
    const { code, reason } = await closed;
    expect(code).toBe(1008);
    expect(reason).toMatch(/not reading/);
  });

  it('still gets a long chat whole, page after page, to a client that reads', async () => {
    const reader = await FrameSocket.connect(server.wsUrl, participant.started.token);
    reader.send({ type: 'sync', conversationId: participant.started.conversationId, afterSeq: 0 });
    await reader.next((f) => f.type === 'message' && f.seq === MESSAGES);
    const seqs = reader.frames.flatMap((f) => (f.type === 'message' ? [f.seq] : []));
    expect(seqs).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    reader.close();
  });
});
