import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { InterpreterInvited, InterpreterSession, MessageFrame, ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, postJson, sendText, setupAdmin, signIn, staffKeysFor, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { dumpTables, loadFixtures } from './support/scan';
import { startServer, type TestServer } from './support/server';
import { hourlyEvents } from './support/audit';

type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const backends = await availableBackends();
const fixtures = loadFixtures();
const arabic = fixtures.messages.find((m) => m.lang === 'ar')!.text;
const chinese = fixtures.messages.find((m) => m.lang.startsWith('zh'))!.text;

/** One web conversation answered by a staff member, as both browsers hold it. */
interface Answered {
  participant: Participant;
  conversationId: string;
  p: FrameSocket;
  staff: FrameSocket;
  staffKeys: lc.ConversationKeys;
  summary: { id: string; epoch: number; participantKey: string | null };
}

describe.each(backends)('a live interpreter on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    expect((await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery')).status).toBe(201);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  async function answered(): Promise<Answered> {
    const participant = await startParticipant(server.url);
    const conversationId = participant.started.conversationId;
    const p = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
    staff.send({ type: 'claim', conversationId });
    const queue = await staff.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === conversationId && c.status === 'active'));
    const summary = queue.conversations.find((c) => c.id === conversationId)!;
    staff.send({ type: 'sync', conversationId, afterSeq: 0 });
    return { participant, conversationId, p, staff, staffKeys: await staffKeysFor(admin, summary), summary };
  }

  /** What the console does: an invite from the server, the keys exported into the fragment. */
  async function invite(chat: Answered) {
    const reply = await postJson<InterpreterInvited>(`${server.url}/api/conversations/${chat.conversationId}/interpreter`, {}, admin.session.token);
    expect(reply.status).toBe(201);
    const programPrivate = admin.programPrivate.get(chat.summary.epoch)!;
    const exportable = await lc.deriveConversationKeys(programPrivate, await lc.importPublicKey(chat.summary.participantKey!), chat.conversationId, true);
    return { ...reply.body, fragmentKeys: await lc.exportInterpreterKeys(exportable) };
  }

  /** What the interpreter page does: redeem the token only, then open a socket with the session. */
  async function arrive(token: string, fragmentKeys: string) {
    const redeemed = await postJson<InterpreterSession>(`${server.url}/api/interpreter/redeem`, { token });
    expect(redeemed.status).toBe(200);
    const socket = new FrameSocket(server.wsUrl);
    await socket.opened;
    socket.send({ type: 'auth', token: redeemed.body.sessionToken });
    await socket.next((f) => f.type === 'interpreter');
    return { socket, session: redeemed.body, keys: await lc.importInterpreterKeys(redeemed.body.conversationId, fragmentKeys) };
  }

  async function opened(socket: FrameSocket, keys: lc.ConversationKeys, clientId: string) {
    const frame = await socket.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
    return (await lc.decryptMessage(keys, frame.sender, clientId, frame.body)).text;
  }

  it('joins only with the participant’s yes, from a single-use link, and talks with both sides in every script', async () => {
    const chat = await answered();
    const auditBefore = await ts.store.db.selectFrom('audit_log').select('seq').execute();
    const link = await invite(chat);
    expect(link.url).toBe('http://localhost/interpret');
    expect(new Date(link.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    await chat.staff.next((f) => f.type === 'interpreter' && f.state === 'invited');

    // Said before the interpreter is there: never theirs to read.
    const before = await sendText(chat.p, chat.participant.keys, 'participant', 'said before the interpreter');
    await chat.p.next((f) => f.type === 'ack' && f.clientId === before.clientId);

    const interpreter = await arrive(link.token, link.fragmentKeys);
    expect(interpreter.session.conversationId).toBe(chat.conversationId);
    // The link is spent.
    expect((await postJson(`${server.url}/api/interpreter/redeem`, { token: link.token })).status).toBe(404);
    expect(interpreter.socket.frames).toEqual([{ type: 'interpreter', conversationId: chat.conversationId, state: 'asking' }]);
    expect(chat.p.frames.some((f) => f.type === 'interpreter' && f.state === 'invited')).toBe(false);
    await chat.p.next((f) => f.type === 'interpreter' && f.state === 'asking');
    await chat.staff.next((f) => f.type === 'interpreter' && f.state === 'asking');

    // Not admitted yet: nothing to read or write.
    const early = await sendText(interpreter.socket, interpreter.keys, 'interpreter', 'too early');
    expect(await interpreter.socket.next((f) => f.type === 'error' && f.ref === early.clientId)).toMatchObject({ code: 'forbidden' });
    interpreter.socket.send({ type: 'sync', conversationId: chat.conversationId, afterSeq: 0 });
    expect(await interpreter.socket.next((f) => f.type === 'error' && f.ref === 'sync')).toMatchObject({ code: 'forbidden' });
    // Only the participant answers.
    chat.staff.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    expect(await chat.staff.next((f) => f.type === 'error' && f.ref === 'consent')).toMatchObject({ code: 'forbidden' });

    chat.p.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    await interpreter.socket.next((f) => f.type === 'ready' && f.role === 'interpreter');
    await interpreter.socket.next((f) => f.type === 'interpreter' && f.state === 'joined');
    await chat.p.next((f) => f.type === 'interpreter' && f.state === 'joined');
    await chat.staff.next((f) => f.type === 'interpreter' && f.state === 'joined');
    // Counted per hour, not dated: no row of the chain yet.
    expect(await ts.store.db.selectFrom('audit_log').selectAll().where('seq', '>', auditBefore.length).execute()).toEqual([]);
    const counted = (await hourlyEvents(ts.store.db)).filter((a) => a.action.startsWith('interpreter.'));
    expect(counted.map((a) => [a.action, a.detail, a.count])).toEqual([
      ['interpreter.invited', {}, 1],
      ['interpreter.joined', {}, 1],
    ]);

    interpreter.socket.send({ type: 'sync', conversationId: chat.conversationId, afterSeq: 0 });
    const fromInterpreter = await sendText(interpreter.socket, interpreter.keys, 'interpreter', arabic);
    const ack = await interpreter.socket.next<Frame<'ack'>>((f) => f.type === 'ack' && f.clientId === fromInterpreter.clientId);
    expect(await opened(chat.p, chat.participant.keys, fromInterpreter.clientId)).toBe(arabic.normalize('NFC'));
    expect(await opened(chat.staff, chat.staffKeys, fromInterpreter.clientId)).toBe(arabic.normalize('NFC'));
    // The earlier message was withheld from the sync.
    expect(interpreter.socket.frames.some((f) => f.type === 'message' && f.clientId === before.clientId)).toBe(false);

    const fromParticipant = await sendText(chat.p, chat.participant.keys, 'participant', chinese);
    expect(await opened(interpreter.socket, interpreter.keys, fromParticipant.clientId)).toBe(chinese.normalize('NFC'));
    expect(await opened(chat.staff, chat.staffKeys, fromParticipant.clientId)).toBe(chinese.normalize('NFC'));
    const fromStaff = await sendText(chat.staff, chat.staffKeys, 'staff', 'Advocate: 🌿 you are safe to take your time');
    expect(await opened(interpreter.socket, interpreter.keys, fromStaff.clientId)).toBe('Advocate: 🌿 you are safe to take your time');
    expect(await opened(chat.p, chat.participant.keys, fromStaff.clientId)).toBe('Advocate: 🌿 you are safe to take your time');

    // A resend after a lost ack is stored once.
    interpreter.socket.send({ type: 'send', conversationId: chat.conversationId, clientId: fromInterpreter.clientId, body: fromInterpreter.body });
    const again = await interpreter.socket.next<Frame<'ack'>>((f) => f.type === 'ack' && f.clientId === fromInterpreter.clientId && f !== ack);
    expect(again.seq).toBe(ack.seq);
    const rows = await ts.store.db.selectFrom('messages').select(['sender']).where('conversation_id', '=', chat.conversationId).where('client_id', '=', fromInterpreter.clientId).execute();
    expect(rows).toEqual([{ sender: 'interpreter' }]);

    // The server held ciphertext only, and never the link's keys or token.
    const atRest = await dumpTables(ts.store.db);
    for (const secret of [arabic.normalize('NFC'), chinese.normalize('NFC'), link.fragmentKeys, link.token, interpreter.session.sessionToken]) {
      expect(atRest).not.toContain(secret);
      expect(server.logs.join('\n')).not.toContain(secret);
    }

    // The end of the conversation ends the interpreter: socket, session and row.
    chat.staff.send({ type: 'close', conversationId: chat.conversationId });
    await interpreter.socket.next((f) => f.type === 'closed');
    expect((await interpreter.socket.closed).code).toBe(1000);
    expect(await ts.store.db.selectFrom('interpreters').selectAll().where('conversation_id', '=', chat.conversationId).execute()).toEqual([]);
    const late = await FrameSocket.connect(server.wsUrl, interpreter.session.sessionToken);
    expect(late.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
    chat.staff.close();
  });

  it('keeps the interpreter inside their one conversation', async () => {
    const chat = await answered();
    const other = await answered();
    const link = await invite(chat);
    const interpreter = await arrive(link.token, link.fragmentKeys);
    // Another participant cannot answer for this chat.
    other.p.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    expect(await other.p.next((f) => f.type === 'error' && f.ref === 'consent')).toMatchObject({ code: 'forbidden' });
    chat.p.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    await interpreter.socket.next((f) => f.type === 'interpreter' && f.state === 'joined');

    const forged = await lc.encryptMessage(interpreter.keys, 'interpreter', randomUUID(), { text: 'intrusion' });
    const attempts = [
      { type: 'send', conversationId: other.conversationId, clientId: randomUUID(), body: forged },
      { type: 'sync', conversationId: other.conversationId, afterSeq: 0 },
      { type: 'close', conversationId: other.conversationId },
      { type: 'claim', conversationId: other.conversationId },
      { type: 'consent', conversationId: chat.conversationId, accept: true },
    ];
    for (const frame of attempts) {
      interpreter.socket.send(frame);
      const ref = (frame as { clientId?: string }).clientId ?? frame.type;
      expect(await interpreter.socket.next((f) => f.type === 'error' && f.ref === ref)).toMatchObject({ code: 'forbidden' });
    }
    const otherMessage = await sendText(other.p, other.participant.keys, 'participant', 'not for the interpreter');
    await other.staff.next((f) => f.type === 'message' && f.clientId === otherMessage.clientId);
    expect(interpreter.socket.frames.some((f) => 'conversationId' in f && f.conversationId === other.conversationId)).toBe(false);
    expect(await ts.store.db.selectFrom('messages').select('seq').where('conversation_id', '=', other.conversationId).where('sender', '=', 'interpreter').execute()).toEqual([]);
    // And it cannot end the chat: its close is its own leaving.
    interpreter.socket.send({ type: 'close', conversationId: chat.conversationId });
    await chat.p.next((f) => f.type === 'interpreter' && f.state === 'left');
    await chat.staff.next((f) => f.type === 'interpreter' && f.state === 'left');
    expect((await interpreter.socket.closed).code).toBe(1000);
    expect(chat.p.frames.some((f) => f.type === 'closed')).toBe(false);
    for (const c of [chat, other]) {
      c.staff.send({ type: 'close', conversationId: c.conversationId });
      await c.p.next((f) => f.type === 'closed');
      c.staff.close();
    }
  });

  it('tells the interpreter the chat is not available when the participant says no', async () => {
    const chat = await answered();
    const link = await invite(chat);
    const interpreter = await arrive(link.token, link.fragmentKeys);
    await chat.p.next((f) => f.type === 'interpreter' && f.state === 'asking');
    chat.p.send({ type: 'consent', conversationId: chat.conversationId, accept: false });
    await interpreter.socket.next((f) => f.type === 'interpreter' && f.state === 'declined');
    expect(interpreter.socket.frames.some((f) => f.type === 'ready')).toBe(false);
    expect((await interpreter.socket.closed).code).toBe(1000);
    await chat.staff.next((f) => f.type === 'interpreter' && f.state === 'declined');
    const late = await FrameSocket.connect(server.wsUrl, interpreter.session.sessionToken);
    expect(late.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
    // Asked once: a second answer finds no one waiting.
    chat.p.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    expect(await chat.p.next((f) => f.type === 'error' && f.ref === 'consent')).toMatchObject({ code: 'conflict' });
    // The advocate may try again with a new link.
    expect((await postJson(`${server.url}/api/conversations/${chat.conversationId}/interpreter`, {}, admin.session.token)).status).toBe(201);
    chat.staff.send({ type: 'close', conversationId: chat.conversationId });
    await chat.p.next((f) => f.type === 'closed');
    chat.staff.close();
  });

  it('lets the advocate remove the interpreter, which ends their socket and session', async () => {
    const chat = await answered();
    const link = await invite(chat);
    const interpreter = await arrive(link.token, link.fragmentKeys);
    chat.p.send({ type: 'consent', conversationId: chat.conversationId, accept: true });
    await interpreter.socket.next((f) => f.type === 'interpreter' && f.state === 'joined');
    // While they are in, no second link.
    expect((await postJson(`${server.url}/api/conversations/${chat.conversationId}/interpreter`, {}, admin.session.token)).status).toBe(409);

    const removed = await fetch(`${server.url}/api/conversations/${chat.conversationId}/interpreter`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.session.token}` },
    });
    expect(removed.status).toBe(204);
    await interpreter.socket.next((f) => f.type === 'interpreter' && f.state === 'left');
    expect((await interpreter.socket.closed).code).toBe(1000);
    await chat.p.next((f) => f.type === 'interpreter' && f.state === 'left');
    const late = await FrameSocket.connect(server.wsUrl, interpreter.session.sessionToken);
    expect(late.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
    const twice = await fetch(`${server.url}/api/conversations/${chat.conversationId}/interpreter`, { method: 'DELETE', headers: { authorization: `Bearer ${admin.session.token}` } });
    expect(twice.status).toBe(404);
    chat.staff.send({ type: 'close', conversationId: chat.conversationId });
    await chat.p.next((f) => f.type === 'closed');
    chat.staff.close();
  });

  it('invites only into a web chat the member holds, and a link dies when it expires or is replaced', async () => {
    const waiting = await startParticipant(server.url);
    const invitePath = (id: string) => `${server.url}/api/conversations/${id}/interpreter`;
    // Nobody holds it yet, so it is nobody's to invite into.
    expect((await postJson(invitePath(waiting.started.conversationId), {}, admin.session.token)).status).toBe(403);
    expect((await postJson(invitePath(randomUUID()), {}, admin.session.token)).status).toBe(404);
    expect((await postJson(invitePath(randomUUID()), {})).status).toBe(401);

    const chat = await answered();
    const first = await invite(chat);
    const second = await invite(chat);
    // A new link replaces one not yet used.
    expect((await postJson(`${server.url}/api/interpreter/redeem`, { token: first.token })).status).toBe(404);
    await ts.store.db.updateTable('interpreters').set({ expires_at: new Date(Date.now() - 1000) }).where('conversation_id', '=', chat.conversationId).execute();
    expect((await postJson(`${server.url}/api/interpreter/redeem`, { token: second.token })).status).toBe(404);
    expect(chat.p.frames.some((f) => f.type === 'interpreter')).toBe(false);

    await ts.store.db.updateTable('conversations').set({ channel: 'sms' }).where('id', '=', chat.conversationId).execute();
    const sms = await postJson<{ message: string }>(invitePath(chat.conversationId), {}, admin.session.token);
    expect(sms.status).toBe(403);
    expect(sms.body.message).toMatch(/web chats only/);
    await ts.store.db.updateTable('conversations').set({ channel: 'web' }).where('id', '=', chat.conversationId).execute();
    chat.staff.send({ type: 'close', conversationId: chat.conversationId });
    await chat.staff.next((f) => f.type === 'closed');
    chat.staff.close();
  });
});
