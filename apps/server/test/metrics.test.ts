import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@lantern/protocol';
import { LATENCY_BUCKETS, SWEEP_BUCKETS } from '../src/metrics/instruments';
import { startMetricsServer } from '../src/metrics/server';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, sendText, setupAdmin, signIn, staffKeysFor, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

const TOKEN = 'scrape-token-for-the-test';
/** prom-client's buckets for GC pauses (process metrics). */
const GC_BUCKETS = [0.001, 0.01, 0.1, 1, 2, 5];
const BUCKET_BOUNDS = new Set(['+Inf', ...[...LATENCY_BUCKETS, ...SWEEP_BUCKETS, ...GC_BUCKETS].map(String)]);
/** Every label our metrics may carry, with its closed set of values; process metrics name heap spaces, GC kinds and handle types. */
const CLOSED_LABELS: Record<string, Set<string> | RegExp> = {
  channel: new Set(['web', 'sms']),
  status: new Set(['waiting', 'active']),
  role: new Set(['participant', 'staff', 'interpreter', 'unauthenticated']),
  sender: new Set(['participant', 'staff', 'interpreter']),
  provider: new Set(['twilio', 'telnyx', 'vonage']),
  outcome: new Set(['sent', 'refused']),
  space: /^[a-z_]+$/,
  kind: /^[a-z]+$/,
  type: /^[A-Za-z]+$/,
};

interface Sample {
  name: string;
  labels: Array<[string, string]>;
  value: string;
}

function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!] as [string, string]);
      return { name: match[1]!, labels, value: match[3]! };
    });
}

describe('the metrics endpoint', () => {
  let ts: TestStore;
  let server: TestServer;
  let metrics: Awaited<ReturnType<typeof startMetricsServer>>;
  let admin: StaffKeys;
  const participants: Participant[] = [];
  const sockets: FrameSocket[] = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    metrics = await startMetricsServer({ port: 0, host: '127.0.0.1', token: TOKEN, db: ts.store.db, gateway: server.gateway, sweeper: server.sweeper });
    await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery');
    admin = await signIn(server.url, 'admin', 'correct horse battery');

    // Activity worth counting: one answered conversation with messages both ways, one still waiting.
    for (let i = 0; i < 2; i += 1) participants.push(await startParticipant(server.url));
    const [answered, waiting] = participants as [Participant, Participant];
    const p = await FrameSocket.connect(server.wsUrl, answered.started.token);
    const w = await FrameSocket.connect(server.wsUrl, waiting.started.token);
    const staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
    sockets.push(p, w, staff);
    const conversationId = answered.started.conversationId;
    staff.send({ type: 'claim', conversationId });
    await p.next((f) => f.type === 'conversation' && f.status === 'active');
    const staffKeys = await staffKeysFor(admin, { id: conversationId, epoch: 1, participantKey: answered.started.programKey.publicKey });
    for (const [socket, keys, sender] of [[p, answered.keys, 'participant'], [staff, staffKeys, 'staff']] as const) {
      const { clientId } = await sendText(socket, keys, sender, 'Call me at +1 555 0100, I am at 12 Elm St');
      await socket.next((f: ServerFrame) => f.type === 'ack' && f.clientId === clientId);
    }
    await server.sweeper.run();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await metrics?.close();
    await server?.close();
    await ts?.dispose();
  });

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => fetch(`http://127.0.0.1:${metrics.port}/metrics`, { headers });

  it('is not on the public port', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('asks for its token', async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-it' })).status).toBe(401);
  });

  it('counts what operators need', async () => {
    const text = await (await scrape()).text();
    expect(text).toMatch(/^lantern_conversations\{channel="web",status="active"\} 1$/m);
    expect(text).toMatch(/^lantern_conversations\{channel="web",status="waiting"\} 1$/m);
    expect(text).toMatch(/^lantern_sockets\{role="participant"\} 2$/m);
    expect(text).toMatch(/^lantern_messages_total\{sender="participant"\} [1-9]/m);
    expect(text).toMatch(/^lantern_ack_seconds_count [1-9]/m);
    expect(text).toMatch(/^lantern_database_query_seconds_count [1-9]/m);
    expect(text).toMatch(/^lantern_queue_oldest_seconds \d/m);
    expect(text).toMatch(/^lantern_sweep_age_seconds \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
  });

  it('carries no id, number or text in any label, nor anything a participant or member sent or is known by', async () => {
    const text = await (await scrape()).text();
    const known = [
      ...participants.flatMap((p) => [p.started.conversationId, p.started.token]),
      admin.session.token,
      'admin',
      'Test Program',
      '555',
      'Elm',
      '127.0.0.1',
    ];
    for (const value of known) expect(text).not.toContain(value);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const { name, labels } of samples(text)) {
      for (const [label, value] of labels) {
        if (label === 'le') {
          expect(BUCKET_BOUNDS, `${name} le="${value}"`).toContain(value);
          continue;
        }
        const allowed = CLOSED_LABELS[label];
        expect(allowed, `${name}: label ${label} is not in the closed list`).toBeDefined();
        const ok = allowed instanceof Set ? allowed.has(value) : allowed!.test(value);
        expect(ok, `${name}{${label}="${value}"}`).toBe(true);
      }
    }
  });
});
