import * as lc from '@lantern/crypto';
import type { ConversationStarted, InviteCreated, Session, StaffSelf } from '@lantern/protocol';
import { getJson, postJson } from './http';
import type { Pair } from './pairs';
import { mapPool } from './pool';
import { BenchSocket } from './socket';

/**
 * The people of a Lantern run, made the way the pages make them: an admin who sets up the
 * program key, advocates who accept invites and receive a sealed grant, and participants who
 * start conversations that an advocate claims.
 */

export interface Advocate {
  token: string;
  /** The program private key, opened from this advocate's own grant. */
  programPrivate: CryptoKey;
}

const PASSWORD = 'bench password, not a secret';
/** Server-side, each account costs an Argon2id hash; a few at a time keep its thread pool busy. */
const ACCOUNT_CONCURRENCY = 8;
/** Conversations set up at once: the staff queue stays short while they wait to be claimed. */
const CONVERSATION_CONCURRENCY = 32;

export async function createAccounts(url: string, setupToken: string, count: number, log: (line: string) => void): Promise<Advocate[]> {
  // One PBKDF2 run (600,000 iterations, ~150 ms) shared by every account: the server's work per
  // account (Argon2id of the proof) is unchanged, and the load process is spared minutes of it.
  const salt = lc.newSalt();
  const { loginProof, wrappingKey } = await lc.derivePasswordKeys(PASSWORD, salt);
  const kdf = { salt, iterations: lc.PBKDF2_ITERATIONS };
  const staffKey = async (username: string) => {
    const pair = await lc.generateKeyPair(true);
    return { pair, upload: { publicKey: await lc.exportPublicKey(pair.publicKey), wrappedPrivateKey: await lc.wrapPrivateKey(pair.privateKey, wrappingKey, username) } };
  };

  const adminKey = await staffKey('admin');
  const program = await lc.generateKeyPair(true);
  const admin = await postJson<Session>(`${url}/api/setup`, {
    setupToken,
    username: 'admin',
    displayName: 'Bench Admin',
    kdf,
    loginProof,
    staffKey: adminKey.upload,
    programKey: {
      publicKey: await lc.exportPublicKey(program.publicKey),
      grant: await lc.sealPrivateKey(program.privateKey, adminKey.pair.publicKey, lc.programKeyContext(1)),
    },
  });

  const started = performance.now();
  const advocates = await mapPool(count, ACCOUNT_CONCURRENCY, async (i) => {
    const username = `advocate-${i}`;
    const invite = await postJson<InviteCreated>(`${url}/api/staff/invites`, { role: 'advocate' }, admin.token);
    const key = await staffKey(username);
    const session = await postJson<Session>(`${url}/api/staff/accept`, {
      inviteToken: invite.inviteToken,
      username,
      displayName: `Advocate ${i}`,
      kdf,
      loginProof,
      staffKey: key.upload,
    });
    // The admin's browser seals the program key to the new member's public key.
    const sealed = await lc.sealPrivateKey(program.privateKey, await lc.importPublicKey(session.me.publicKey), lc.programKeyContext(1));
    await postJson(`${url}/api/staff/members/${session.me.id}/grants`, { epoch: 1, sealed }, admin.token);
    // The advocate's console: fetch itself, unwrap its own key with the password, open the grant.
    const me = await getJson<StaffSelf>(`${url}/api/staff/me`, session.token);
    const own = await lc.unwrapPrivateKey(me.wrappedPrivateKey, wrappingKey, username);
    const grant = me.grants.find((g) => g.epoch === 1);
    if (!grant) throw new Error(`${username} has no grant after the admin granted one`);
    if ((i + 1) % 100 === 0) log(`  ${i + 1}/${count} advocates (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return { token: session.token, programPrivate: await lc.openPrivateKey(own, grant.sealed, lc.programKeyContext(1)) };
  });
  return advocates;
}

/** One conversation: the participant starts it and connects; an advocate socket claims and syncs it. */
async function openConversation(url: string, wsUrl: string, advocate: Advocate): Promise<Pair> {
  const ephemeral = await lc.generateKeyPair();
  const participantKey = await lc.exportPublicKey(ephemeral.publicKey);
  const started = await postJson<ConversationStarted>(`${url}/api/conversations`, { participantKey });
  const conversationId = started.conversationId;
  const participantKeys = await lc.deriveConversationKeys(ephemeral.privateKey, await lc.importPublicKey(started.programKey.publicKey), conversationId);

  const participant = await BenchSocket.connect(wsUrl);
  participant.sendFrame({ type: 'auth', token: started.token });
  await participant.next((f) => f.type === 'ready');

  const staff = await BenchSocket.connect(wsUrl);
  staff.sendFrame({ type: 'auth', token: advocate.token });
  const ready = await staff.next((f) => f.type === 'ready' || f.type === 'error');
  if (ready.type !== 'ready') throw new Error(`staff auth failed: ${JSON.stringify(ready)}`);
  // A socket's frames are handled in order: the pong says claim and sync are done (neither answers on success).
  staff.sendFrame({ type: 'claim', conversationId });
  staff.sendFrame({ type: 'sync', conversationId, afterSeq: 0 });
  staff.sendFrame({ type: 'ping' });
  await staff.next((f) => f.type === 'pong');
  const failed = staff.errors();
  if (failed.length > 0) throw new Error(`claim/sync of ${conversationId} failed: ${JSON.stringify(failed)}`);
  await participant.next((f) => f.type === 'conversation' && f.status === 'active');

  // The console takes the participant's key from the queue summary; it is the same key.
  const staffKeys = await lc.deriveConversationKeys(advocate.programPrivate, await lc.importPublicKey(participantKey), conversationId);
  return {
    conversationId,
    participant: { socket: participant, sender: 'participant', keys: participantKeys },
    advocate: { socket: staff, sender: 'staff', keys: staffKeys },
  };
}

export async function openConversations(
  url: string,
  wsUrl: string,
  advocates: Advocate[],
  count: number,
  perAdvocate: number,
  log: (line: string) => void,
): Promise<Pair[]> {
  if (advocates.length * perAdvocate < count) throw new Error(`${advocates.length} advocates cannot hold ${count} conversations`);
  const started = performance.now();
  const pairs = await mapPool(count, CONVERSATION_CONCURRENCY, async (i) => {
    const pair = await openConversation(url, wsUrl, advocates[Math.floor(i / perAdvocate)]!);
    if ((i + 1) % 500 === 0) log(`  ${i + 1}/${count} conversations (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return pair;
  });
  await queueQuiet(pairs.map((p) => p.advocate.socket), 1000, 180_000);
  for (const pair of pairs) {
    pair.participant.socket.forgetFrames();
    pair.advocate.socket.forgetFrames();
  }
  return pairs;
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
