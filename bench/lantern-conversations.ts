import * as lc from '@lantern/crypto';
import type { ConversationStarted } from '@lantern/protocol';
import { postJson } from './http';
import type { Advocate } from './lantern-accounts';
import type { Pair } from './pairs';
import { mapPool } from './pool';
import { BenchSocket } from './socket';

/**
 * The conversations of a Lantern run: each participant starts one and connects; an advocate
 * claims it; then one staff socket per conversation syncs it, so that socket receives it live.
 *
 * Who claims: by default each advocate's first socket claims all of that advocate's
 * conversations, as one console does, and the other sockets connect after all claims. Every
 * start and claim re-sends the queue to every connected staff socket, so claiming from each
 * socket (`claimFromEachSocket`, the literal shape) makes setup quadratic: at 1,000
 * conversations it costs ~5 GB of queue frames, and near 8,500 staff sockets single steps
 * take over 15 s. What is measured afterwards is the same either way.
 */

/** Conversations set up at once: the staff queue stays short while they wait to be claimed. */
const CONCURRENCY = 32;
const FRAME_WAIT_MS = 30_000;

interface Started {
  conversationId: string;
  participantKey: string;
  participant: BenchSocket;
  keys: lc.ConversationKeys;
  /** Seals the conversation secret to a staff device, as the page answers a `key_request`. */
  grantTo(deviceKey: string): Promise<string>;
}

/**
 * The participant's page: a new key pair E and conversation secret, POST /api/conversations, "I
 * understand" under the rights notice, the socket, the message keys (protocol v2).
 */
async function startConversation(url: string, wsUrl: string): Promise<Started> {
  const ephemeral = await lc.generateKeyPair();
  const participantKey = await lc.exportPublicKey(ephemeral.publicKey);
  const started = await postJson<ConversationStarted>(`${url}/api/conversations`, { participantKey });
  await postJson(`${url}/api/conversations/acknowledge`, { token: started.token });
  const conversationId = started.conversationId;
  const secret = lc.newConversationSecret();
  const keys = await lc.deriveMessageKeys(secret, conversationId);
  const programPublic = await lc.importPublicKey(started.programKey.publicKey);
  const participant = await BenchSocket.connect(wsUrl);
  participant.sendFrame({ type: 'auth', token: started.token });
  await participant.next((f) => f.type === 'ready', FRAME_WAIT_MS);
  const grantTo = async (deviceKey: string) =>
    lc.sealSecretFromParticipant(secret, ephemeral.privateKey, programPublic, await lc.importPublicKey(deviceKey), { conversationId, fromPublic: participantKey, toPublic: deviceKey });
  return { conversationId, participantKey, participant, keys, grantTo };
}

async function staffSocket(wsUrl: string, advocate: Advocate): Promise<BenchSocket> {
  const socket = await BenchSocket.connect(wsUrl);
  socket.sendFrame({ type: 'auth', token: advocate.token });
  const ready = await socket.next((f) => f.type === 'ready' || f.type === 'error', FRAME_WAIT_MS);
  if (ready.type !== 'ready') throw new Error(`staff auth failed: ${JSON.stringify(ready)}`);
  return socket;
}

/** Neither claim nor sync answers on success; a socket's frames are handled in order, so its one pong says both are done. */
async function claimAndSync(socket: BenchSocket, conversationId: string, claim: boolean): Promise<void> {
  if (claim) socket.sendFrame({ type: 'claim', conversationId });
  socket.sendFrame({ type: 'sync', conversationId, afterSeq: 0 });
  socket.sendFrame({ type: 'ping' });
  await socket.next((f) => f.type === 'pong', FRAME_WAIT_MS);
  const failed = socket.errors();
  if (failed.length > 0) throw new Error(`claim/sync of ${conversationId} failed: ${JSON.stringify(failed)}`);
}

/** The participant learns it was answered: the claim is committed. */
const answered = (started: Started) => started.participant.next((f) => f.type === 'conversation' && f.status === 'active', FRAME_WAIT_MS);

/**
 * The console's side of protocol v2: a one-conversation device key asks for the secret, the
 * participant's page seals it to that key, the console opens it with the program key.
 */
async function pairOf(started: Started, advocate: Advocate, socket: BenchSocket): Promise<Pair> {
  const { conversationId, participantKey } = started;
  const device = await lc.generateKeyPair();
  const deviceKey = await lc.exportPublicKey(device.publicKey);
  socket.sendFrame({ type: 'key_request', conversationId, deviceKey });
  await started.participant.next((f) => f.type === 'key_request' && f.deviceKey === deviceKey, FRAME_WAIT_MS);
  started.participant.sendFrame({ type: 'key_grant', conversationId, deviceKey, fromKey: participantKey, sealed: await started.grantTo(deviceKey) });
  const grant = await socket.next((f) => f.type === 'key_grant' && f.deviceKey === deviceKey, FRAME_WAIT_MS);
  const holder = await lc.importPublicKey(participantKey);
  const secret = await lc.openSecretGrant(String(grant.sealed), advocate.programPrivate, holder, device.privateKey, holder, {
    conversationId,
    fromPublic: participantKey,
    toPublic: deviceKey,
  });
  const staffKeys = await lc.deriveMessageKeys(secret, conversationId);
  return {
    conversationId: started.conversationId,
    participant: { socket: started.participant, sender: 'participant', keys: started.keys },
    advocate: { socket, sender: 'staff', keys: staffKeys },
  };
}

export async function openConversations(
  url: string,
  wsUrl: string,
  advocates: Advocate[],
  options: { count: number; perAdvocate: number; claimFromEachSocket: boolean },
  log: (line: string) => void,
): Promise<Pair[]> {
  const { count, perAdvocate } = options;
  if (advocates.length * perAdvocate < count) throw new Error(`${advocates.length} advocates cannot hold ${count} conversations`);
  const advocateOf = (i: number) => advocates[Math.floor(i / perAdvocate)]!;
  const clock = performance.now();
  const progress = (i: number, what: string) => {
    if ((i + 1) % 500 === 0 || i + 1 === count) log(`  ${i + 1}/${count} ${what} (${((performance.now() - clock) / 1000).toFixed(1)} s)`);
  };

  let pairs: Pair[];
  if (options.claimFromEachSocket) {
    pairs = await mapPool(count, CONCURRENCY, async (i) => {
      const started = await startConversation(url, wsUrl);
      const socket = await staffSocket(wsUrl, advocateOf(i));
      await claimAndSync(socket, started.conversationId, true);
      await answered(started);
      progress(i, 'conversations claimed and synced');
      return pairOf(started, advocateOf(i), socket);
    });
  } else {
    // One console socket per advocate, opened on first use, claims for the whole advocate.
    const consoles = new Map<Advocate, Promise<BenchSocket>>();
    const consoleOf = (advocate: Advocate) => consoles.get(advocate) ?? consoles.set(advocate, staffSocket(wsUrl, advocate)).get(advocate)!;
    const started = await mapPool(count, CONCURRENCY, async (i) => {
      const conversation = await startConversation(url, wsUrl);
      (await consoleOf(advocateOf(i))).sendFrame({ type: 'claim', conversationId: conversation.conversationId });
      await answered(conversation);
      progress(i, 'conversations started and claimed');
      return conversation;
    });
    for (const socket of await Promise.all(consoles.values())) {
      if (socket.errors().length > 0) throw new Error(`a claim failed: ${JSON.stringify(socket.errors())}`);
    }
    pairs = await mapPool(count, CONCURRENCY, async (i) => {
      const first = i % perAdvocate === 0;
      const socket = first ? await consoleOf(advocateOf(i)) : await staffSocket(wsUrl, advocateOf(i));
      await claimAndSync(socket, started[i]!.conversationId, false);
      progress(i, 'staff sockets synced');
      return pairOf(started[i]!, advocateOf(i), socket);
    });
  }

  await queueQuiet(pairs.map((p) => p.advocate.socket), 1000, 180_000);
  for (const pair of pairs) {
    pair.participant.socket.forgetFrames();
    pair.advocate.socket.forgetFrames();
  }
  return pairs;
}

/**
 * `count` staff sockets, authenticated with the advocates' sessions in turn and then idle. Opened
 * before any conversation exists (so no queue traffic and little else is allocated meanwhile),
 * the RSS they add is what one connection costs the server.
 */
export async function openIdleSockets(wsUrl: string, advocates: Advocate[], count: number): Promise<BenchSocket[]> {
  return mapPool(count, CONCURRENCY, async (i) => {
    const socket = await staffSocket(wsUrl, advocates[i % advocates.length]!);
    socket.forgetFrames();
    return socket;
  });
}

/** Every start and claim re-sends the staff queues; wait until that has died down (bounded). */
async function queueQuiet(sockets: BenchSocket[], quietMs: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (performance.now() < deadline) {
    const last = sockets.reduce((latest, s) => Math.max(latest, s.lastQueueAt), 0);
    if (performance.now() - last >= quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`staff queue frames still arriving after ${maxMs} ms`);
}
