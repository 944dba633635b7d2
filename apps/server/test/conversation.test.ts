import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { MessageFrame, ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import {
  acceptInvite,
  FrameSocket,
  getJson,
  postJson,
  sendText,
  setupAdmin,
  signIn,
  staffKeysFor,
  startParticipant,
  type StaffKeys,
} from './support/clients';
import { dumpTables, loadFixtures } from './support/scan';
import { startServer, type TestServer } from './support/server';

type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const backends = await availableBackends();
const fixtures = loadFixtures();

describe.each(backends)('the spine on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let advocate: StaffKeys;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    const setup = await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery');
    expect(setup.status).toBe(201);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  it('accepts the setup link once only', async () => {
    const again = await setupAdmin(server.url, server.setupToken, 'other', 'another long password');
    expect(again.status).toBe(403);
    expect((await getJson<{ setupComplete: boolean }>(`${server.url}/api/program`)).body.setupComplete).toBe(true);
  });

  it('refuses a wrong password and gives unknown names a stable decoy salt', async () => {
    const pre = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: 'admin' });
    const wrong = await lc.derivePasswordKeys('not the password', pre.body.kdf.salt);
    expect((await postJson(`${server.url}/api/staff/login`, { username: 'admin', loginProof: wrong.loginProof })).status).toBe(401);
    const ghost1 = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: 'nobody' });
    const ghost2 = await postJson<{ kdf: { salt: string } }>(`${server.url}/api/staff/prelogin`, { username: 'nobody' });
    expect(ghost1.status).toBe(200);
    expect(ghost1.body.kdf.salt).toBe(ghost2.body.kdf.salt);
    expect(ghost1.body.kdf.salt).not.toBe(pre.body.kdf.salt);
  });

  it('lets an admin invite an advocate, whose key opens only after the admin grants it', async () => {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    expect(invite.status).toBe(201);
    const accepted = await acceptInvite(server.url, invite.body.inviteToken, 'avery', 'advocate password 1');
    expect(accepted.status).toBe(201);
    expect(accepted.body.me.grants).toEqual([]);
    // The invite is single-use.
    expect((await acceptInvite(server.url, invite.body.inviteToken, 'avery2', 'advocate password 2')).status).toBe(410);
    // An advocate cannot reach admin routes.
    expect((await getJson(`${server.url}/api/staff/members`, accepted.body.token)).status).toBe(403);

    const members = await getJson<{ members: Array<{ id: string; publicKey: string; granted: boolean }>; epoch: number }>(
      `${server.url}/api/staff/members`,
      admin.session.token,
    );
    const pending = members.body.members.find((m) => !m.granted)!;
    expect(pending.id).toBe(accepted.body.me.id);
    const sealed = await lc.sealPrivateKey(admin.programPrivate.get(1)!, await lc.importPublicKey(pending.publicKey), lc.programKeyContext(1));
    const granted = await postJson(`${server.url}/api/staff/members/${pending.id}/grants`, { epoch: 1, sealed }, admin.session.token);
    expect(granted.status).toBe(204);

    advocate = await signIn(server.url, 'avery', 'advocate password 1');
    expect(advocate.programPrivate.has(1)).toBe(true);
  });

  it('carries a conversation end to end in every script, stores only ciphertext, and erases it at close', async () => {
    const participant = await startParticipant(server.url);
    const conversationId = participant.started.conversationId;
    const p = await FrameSocket.connect(server.wsUrl, participant.started.token);
    await p.next((f) => f.type === 'conversation' && f.status === 'waiting');

    const staff = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    const waiting = await staff.next<Frame<'queue'>>(
      (f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId),
    );
    const summary = waiting.conversations.find((c) => c.id === conversationId)!;
    expect(summary.status).toBe('waiting');

    // The participant may write while waiting; the advocate reads it after answering.
    const first = await sendText(p, participant.keys, 'participant', fixtures.messages[0]!.text);
    await p.next((f) => f.type === 'ack' && f.clientId === first.clientId);

    staff.send({ type: 'claim', conversationId });
    const joined = await p.next<Frame<'conversation'>>((f) => f.type === 'conversation' && f.status === 'active');
    // The name participants see (the first word by default), never the display name staff see.
    expect(joined.staffName).toBe('Avery');
    const staffKeys = await staffKeysFor(advocate, summary);
    staff.send({ type: 'sync', conversationId, afterSeq: 0 });
    const synced = await staff.next<MessageFrame>((f) => f.type === 'message' && f.clientId === first.clientId);
    expect((await lc.decryptMessage(staffKeys, 'participant', synced.clientId, synced.body)).text).toBe(fixtures.messages[0]!.text);

    for (const [i, { text }] of fixtures.messages.entries()) {
      const fromParticipant = i % 2 === 0;
      const { clientId } = await sendText(fromParticipant ? p : staff, fromParticipant ? participant.keys : staffKeys, fromParticipant ? 'participant' : 'staff', text);
      const receiver = fromParticipant ? staff : p;
      const frame = await receiver.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
      const opened = await lc.decryptMessage(fromParticipant ? staffKeys : participant.keys, frame.sender, clientId, frame.body);
      expect(opened.text).toBe(text.normalize('NFC'));
    }
    for (const text of fixtures.hostile) {
      const { clientId } = await sendText(p, participant.keys, 'participant', text);
      const frame = await staff.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
      expect((await lc.decryptMessage(staffKeys, 'participant', clientId, frame.body)).text).toBe(text.normalize('NFC'));
    }

    const atRest = await dumpTables(ts.store.db);
    expect(atRest).toContain(conversationId);
    for (const { text } of fixtures.messages) expect(atRest).not.toContain(text.normalize('NFC'));
    const seqs = (await ts.store.db.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));

    staff.send({ type: 'close', conversationId });
    await p.next((f) => f.type === 'closed' && f.by === 'staff');
    await staff.next((f) => f.type === 'closed');
    expect((await p.closed).code).toBe(1000);
    expect(await dumpTables(ts.store.db)).not.toContain(conversationId);
    const stats = await ts.store.db.selectFrom('conversation_stats').selectAll().execute();
    expect(stats.reduce((n, r) => n + r.answered, 0)).toBeGreaterThanOrEqual(1);

    // The token died with the conversation.
    const late = await FrameSocket.connect(server.wsUrl, participant.started.token);
    expect(late.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
    staff.close();
  });

  it('stores a resent message once and resumes after a reconnect', async () => {
    const participant = await startParticipant(server.url);
    const conversationId = participant.started.conversationId;
    let p = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const clientId = randomUUID();
    const body = await lc.encryptMessage(participant.keys, 'participant', clientId, { text: 'once only' });
    p.send({ type: 'send', conversationId, clientId, body });
    const ack1 = await p.next<Frame<'ack'>>((f) => f.type === 'ack');
    p.close();

    p = await FrameSocket.connect(server.wsUrl, participant.started.token);
    p.send({ type: 'send', conversationId, clientId, body });
    const ack2 = await p.next<Frame<'ack'>>((f) => f.type === 'ack');
    expect(ack2.seq).toBe(ack1.seq);
    const second = await sendText(p, participant.keys, 'participant', 'second');
    await p.next((f) => f.type === 'ack' && f.clientId === second.clientId);
    p.send({ type: 'sync', conversationId, afterSeq: ack1.seq });
    const resumed = await p.next<MessageFrame>((f) => f.type === 'message' && f.clientId === second.clientId);
    expect(resumed.seq).toBe(ack1.seq + 1);
    const rows = await ts.store.db.selectFrom('messages').select('client_id').where('conversation_id', '=', conversationId).execute();
    expect(rows.map((r) => r.client_id).sort()).toEqual([clientId, second.clientId].sort());
    p.send({ type: 'close', conversationId });
    await p.next((f) => f.type === 'closed' && f.by === 'participant');
  });

  it('keeps each participant inside their own conversation', async () => {
    const a = await startParticipant(server.url);
    const b = await startParticipant(server.url);
    const pa = await FrameSocket.connect(server.wsUrl, a.started.token);
    const bId = b.started.conversationId;
    const forged = await lc.encryptMessage(a.keys, 'participant', randomUUID(), { text: 'intrusion' });
    const attempts = [
      { type: 'send', conversationId: bId, clientId: randomUUID(), body: forged },
      { type: 'sync', conversationId: bId, afterSeq: 0 },
      { type: 'close', conversationId: bId },
      { type: 'claim', conversationId: bId },
    ];
    for (const frame of attempts) {
      pa.send(frame);
      const error = await pa.next((f) => f.type === 'error' && (f.ref === frame.type || f.ref === (frame as { clientId?: string }).clientId));
      expect(error).toMatchObject({ code: 'forbidden' });
    }
    expect(await ts.store.db.selectFrom('messages').select('seq').where('conversation_id', '=', bId).execute()).toEqual([]);
    expect(await ts.store.db.selectFrom('conversations').select('id').where('id', '=', bId).executeTakeFirst()).toBeDefined();
    for (const [x, socket] of [[a, pa]] as const) socket.send({ type: 'close', conversationId: x.started.conversationId });
    await pa.next((f) => f.type === 'closed');
  });

  it('lets one staff member answer a conversation and no one else write into it', async () => {
    const participant = await startParticipant(server.url);
    const conversationId = participant.started.conversationId;
    const adminSocket = await FrameSocket.connect(server.wsUrl, admin.session.token);
    const advocateSocket = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    advocateSocket.send({ type: 'claim', conversationId });
    await advocateSocket.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId && c.status === 'active'));
    adminSocket.send({ type: 'claim', conversationId });
    expect(await adminSocket.next((f) => f.type === 'error' && f.ref === 'claim')).toMatchObject({ code: 'conflict' });
    const keys = await staffKeysFor(admin, { id: conversationId, epoch: 1, participantKey: participant.started.programKey.publicKey });
    const { clientId } = await sendText(adminSocket, keys, 'staff', 'not mine');
    expect(await adminSocket.next((f) => f.type === 'error' && f.ref === clientId)).toMatchObject({ code: 'forbidden' });
    advocateSocket.send({ type: 'close', conversationId });
    await advocateSocket.next((f) => f.type === 'closed' && f.conversationId === conversationId);
    const after = await sendText(advocateSocket, keys, 'staff', 'too late');
    expect(await advocateSocket.next((f) => f.type === 'error' && f.ref === after.clientId)).toMatchObject({ code: 'not_found' });
    adminSocket.close();
    advocateSocket.close();
  });

  it('answers bad sign-in material and unknown sessions with 4xx and a reason', async () => {
    const session = await getJson<{ error: string }>(`${server.url}/api/staff/me`, 'x'.repeat(43));
    expect(session.status).toBe(401);
    expect(session.body.error).toBe('unauthorized');
  });
});
