import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import { transferNoteContext, type ConversationSummary, type ServerFrame, type TransferCandidates, type TransferNotes } from '@lantern/protocol';
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
  type Participant,
  type StaffKeys,
} from './support/clients';
import { dumpTables, filesContaining } from './support/scan';
import { startServer, type TestServer } from './support/server';
import { hourlyEvents } from './support/audit';

type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const backends = await availableBackends();

const NOTE = 'Safety plan agreed: call-back after 18:00 — مرحبا 你好 🌱';

describe.each(backends)('transfers and supervision on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let avery: StaffKeys;
  let blake: StaffKeys;
  let sam: StaffKeys;
  let newbie: StaffKeys;
  const sockets: FrameSocket[] = [];

  /** A member joins under their own name; `grant` false leaves them without the program key. */
  async function member(username: string, displayName: string, role: 'advocate' | 'supervisor', grant = true): Promise<StaffKeys> {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, username, `${username} long password`, displayName);
    expect(joined.status).toBe(201);
    if (grant) {
      const sealed = await lc.sealPrivateKey(admin.programPrivate.get(1)!, await lc.importPublicKey(joined.body.me.publicKey), lc.programKeyContext(1));
      expect((await postJson(`${server.url}/api/staff/members/${joined.body.me.id}/grants`, { epoch: 1, sealed }, admin.session.token)).status).toBe(204);
    }
    const keys = await signIn(server.url, username, `${username} long password`);
    // Routing may hand out conversations by itself; these tests answer by hand.
    await fetch(`${server.url}/api/staff/availability`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.session.token}` },
      body: JSON.stringify({ available: false }),
    });
    return keys;
  }

  async function connect(token: string): Promise<FrameSocket> {
    const socket = await FrameSocket.connect(server.wsUrl, token);
    sockets.push(socket);
    return socket;
  }

  /** The newest queue frame that lists the conversation as `match` wants it. */
  const listed = (socket: FrameSocket, id: string, match: (c: ConversationSummary) => boolean) =>
    socket.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && match(c))).then((f) => f.conversations.find((c) => c.id === id)!);

  /** A participant whose conversation `holder` has answered and synced. */
  async function answered(holder: StaffKeys, holderSocket: FrameSocket): Promise<{ p: Participant; socket: FrameSocket }> {
    const p = await startParticipant(server.url);
    const socket = await connect(p.started.token);
    holderSocket.send({ type: 'claim', conversationId: p.started.conversationId });
    await listed(holderSocket, p.started.conversationId, (c) => c.assignedTo?.id === holder.session.me.id);
    holderSocket.send({ type: 'sync', conversationId: p.started.conversationId, afterSeq: 0 });
    return { p, socket };
  }

  async function opened(socket: FrameSocket, keys: lc.ConversationKeys, clientId: string): Promise<string> {
    const frame = await socket.next<Frame<'message'>>((f) => f.type === 'message' && f.clientId === clientId);
    return (await lc.decryptMessage(keys, frame.sender, frame.clientId, frame.body)).text;
  }

  // Conversation events of this hour: counted, and in the chain only once the hour is over.
  const auditEntries = () => hourlyEvents(ts.store.db);

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    expect((await setupAdmin(server.url, server.setupToken)).status).toBe(201);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    avery = await member('avery', 'Avery', 'advocate');
    blake = await member('blake', 'Blake', 'advocate');
    sam = await member('sam', 'Sam', 'supervisor');
    newbie = await member('newbie', 'Noor', 'advocate', false);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  it('moves a conversation from advocate to advocate with a note only the receiver can open', async () => {
    const averySocket = await connect(avery.session.token);
    const blakeSocket = await connect(blake.session.token);
    const { p, socket: participant } = await answered(avery, averySocket);
    const id = p.started.conversationId;
    const before = await sendText(participant, p.keys, 'participant', 'before the transfer');
    const averyKeys = await staffKeysFor(avery, await listed(averySocket, id, () => true));
    expect(await opened(averySocket, averyKeys, before.clientId)).toBe('before the transfer');
    const fromAvery = await sendText(averySocket, averyKeys, 'staff', 'Avery here');
    expect(await opened(participant, p.keys, fromAvery.clientId)).toBe('Avery here');

    const { body } = await getJson<TransferCandidates>(`${server.url}/api/transfers/candidates`, avery.session.token);
    const receiver = body.candidates.find((c) => c.id === blake.session.me.id)!;
    expect(receiver).toMatchObject({ displayName: 'Blake', role: 'advocate', epochs: [1], publicKey: blake.session.me.publicKey });
    expect(body.candidates.some((c) => c.id === avery.session.me.id)).toBe(false);
    const note = await lc.seal(await lc.importPublicKey(receiver.publicKey), new TextEncoder().encode(NOTE), transferNoteContext(id, receiver.id));
    const mark = averySocket.frames.length;
    expect((await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: receiver.id, note }, avery.session.token)).status).toBe(204);

    expect(await participant.next<Frame<'notice'>>((f) => f.type === 'notice')).toMatchObject({ conversationId: id, notice: 'transferred' });
    expect(await participant.next<Frame<'conversation'>>((f) => f.type === 'conversation' && f.staffName === 'Blake')).toMatchObject({ status: 'active' });
    expect(await blakeSocket.next((f) => f.type === 'alert')).toEqual({ type: 'alert', alert: 'transferred', conversationId: id, from: 'Avery' });

    // The receiver derives the keys from the program key and reads what came before and after.
    const summary = await listed(blakeSocket, id, (c) => c.assignedTo?.id === blake.session.me.id);
    const blakeKeys = await staffKeysFor(blake, summary);
    blakeSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    expect(await opened(blakeSocket, blakeKeys, before.clientId)).toBe('before the transfer');
    const after = await sendText(participant, p.keys, 'participant', 'after the transfer');
    expect(await opened(blakeSocket, blakeKeys, after.clientId)).toBe('after the transfer');
    const reply = await sendText(blakeSocket, blakeKeys, 'staff', 'Hello, I am here now.');
    expect(await opened(participant, p.keys, reply.clientId)).toBe('Hello, I am here now.');
    // Each staff line names its writer to staff (the receiver's log does not call Avery's words "You"), never to the participant.
    const message = (socket: FrameSocket, clientId: string) => socket.next<Frame<'message'>>((f) => f.type === 'message' && f.clientId === clientId);
    expect((await message(blakeSocket, fromAvery.clientId)).author).toEqual({ id: avery.session.me.id, displayName: 'Avery' });
    expect((await message(blakeSocket, reply.clientId)).author).toEqual({ id: blake.session.me.id, displayName: 'Blake' });
    expect((await message(blakeSocket, before.clientId)).author).toBeUndefined();
    expect(participant.frames.filter((f) => f.type === 'message' && 'author' in f)).toEqual([]);

    // The old advocate keeps nothing: no new messages, and their writing is refused.
    const refused = await sendText(averySocket, averyKeys, 'staff', 'still me?');
    expect(await averySocket.next((f) => f.type === 'error' && f.ref === refused.clientId)).toMatchObject({ code: 'forbidden' });
    expect(averySocket.frames.some((f) => f.type === 'message' && f.clientId === after.clientId)).toBe(false);
    await averySocket.next((f) => averySocket.frames.indexOf(f) >= mark && f.type === 'queue' && !f.conversations.some((c) => c.id === id));

    // The note is ciphertext wherever the server keeps it, until the receiver takes it.
    expect(await dumpTables(ts.store.db)).not.toContain('Safety plan');
    if (ts.dataDir) expect(await filesContaining(ts.dataDir, ['Safety plan agreed', 'مرحبا'])).toEqual([]);
    const notes = await postJson<TransferNotes>(`${server.url}/api/transfers/notes/open`, {}, blake.session.token);
    expect(notes.body.notes).toHaveLength(1);
    const [taken] = notes.body.notes;
    expect(taken).toMatchObject({ conversationId: id, from: { id: avery.session.me.id, displayName: 'Avery' } });
    const context = transferNoteContext(id, blake.session.me.id);
    expect(new TextDecoder().decode(await lc.open(blake.staffPrivate, taken!.note!, context))).toBe(NOTE);
    await expect(lc.open(avery.staffPrivate, taken!.note!, context)).rejects.toThrow();
    // Read once: gone from the server.
    expect((await postJson<TransferNotes>(`${server.url}/api/transfers/notes/open`, {}, blake.session.token)).body.notes).toEqual([]);
    expect((await ts.store.db.selectFrom('transfer_notes').selectAll().execute()).length).toBe(0);

    const entry = (await auditEntries()).find((e) => e.action === 'conversation.transferred')!;
    expect(entry).toMatchObject({ actorId: avery.session.me.id, detail: { from: avery.session.me.id, to: blake.session.me.id, role: 'advocate' } });
    expect(JSON.stringify(await auditEntries())).not.toContain(id);
  });

  it('moves a conversation to a supervisor, and refuses a receiver without the key and a sender who does not hold it', async () => {
    const blakeSocket = await connect(blake.session.token);
    const samSocket = await connect(sam.session.token);
    const { p, socket: participant } = await answered(blake, blakeSocket);
    const id = p.started.conversationId;
    const before = await sendText(participant, p.keys, 'participant', 'first words');

    const noKey = await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: newbie.session.me.id, note: null }, blake.session.token);
    expect(noKey).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const notHolder = await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: sam.session.me.id, note: null }, avery.session.token);
    expect(notHolder.status).toBe(403);
    const nobody = await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: randomUUID(), note: null }, blake.session.token);
    expect(nobody.status).toBe(404);

    const note = await lc.seal(await lc.importPublicKey(sam.session.me.publicKey), new TextEncoder().encode('over to you'), transferNoteContext(id, sam.session.me.id));
    expect((await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: sam.session.me.id, note }, blake.session.token)).status).toBe(204);
    expect(await participant.next<Frame<'notice'>>((f) => f.type === 'notice')).toMatchObject({ notice: 'transferred' });
    const samKeys = await staffKeysFor(sam, await listed(samSocket, id, (c) => c.assignedTo?.id === sam.session.me.id));
    samSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    expect(await opened(samSocket, samKeys, before.clientId)).toBe('first words');
    const after = await sendText(participant, p.keys, 'participant', 'are you there?');
    expect(await opened(samSocket, samKeys, after.clientId)).toBe('are you there?');
    const [taken] = (await postJson<TransferNotes>(`${server.url}/api/transfers/notes/open`, {}, sam.session.token)).body.notes;
    expect(new TextDecoder().decode(await lc.open(sam.staffPrivate, taken!.note!, transferNoteContext(id, sam.session.me.id)))).toBe('over to you');
    await expect(lc.open(blake.staffPrivate, taken!.note!, transferNoteContext(id, sam.session.me.id))).rejects.toThrow();
    expect((await auditEntries()).find((e) => e.action === 'conversation.transferred' && e.detail.to === sam.session.me.id)?.detail.role).toBe('supervisor');
  });

  it('lets a supervisor watch read-only, join to write, and take over; watching is audited', async () => {
    const averySocket = await connect(avery.session.token);
    const samSocket = await connect(sam.session.token);
    const { p, socket: participant } = await answered(avery, averySocket);
    const id = p.started.conversationId;
    const supervise = (action: string, keys = sam) => postJson(`${server.url}/api/conversations/${id}/supervise`, { action }, keys.session.token);

    // Supervisors see every answered conversation; advocates may not supervise.
    expect((await listed(samSocket, id, (c) => c.assignedTo?.id === avery.session.me.id)).staff).toBeUndefined();
    expect((await supervise('watch', blake)).status).toBe(403);
    samSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    expect(await samSocket.next((f) => f.type === 'error' && f.ref === 'sync')).toMatchObject({ code: 'forbidden' });

    expect((await supervise('watch')).status).toBe(204);
    const watched = await listed(samSocket, id, (c) => c.staff?.some((s) => s.id === sam.session.me.id && s.mode === 'watch') === true);
    // The advocate sees who watches.
    await listed(averySocket, id, (c) => c.staff?.[0]?.displayName === 'Sam');
    const samKeys = await staffKeysFor(sam, watched);
    samSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const said = await sendText(participant, p.keys, 'participant', 'can anyone help');
    expect(await opened(samSocket, samKeys, said.clientId)).toBe('can anyone help');
    const quiet = await sendText(samSocket, samKeys, 'staff', 'a watcher writing');
    expect(await samSocket.next((f) => f.type === 'error' && f.ref === quiet.clientId)).toMatchObject({ code: 'forbidden' });
    const watchedEntry = (await auditEntries()).find((e) => e.action === 'conversation.watched')!;
    expect(watchedEntry).toMatchObject({ actorId: sam.session.me.id, detail: { role: 'supervisor' } });
    expect(JSON.stringify(watchedEntry)).not.toContain(id);

    expect((await supervise('join')).status).toBe(204);
    expect(await participant.next<Frame<'notice'>>((f) => f.type === 'notice')).toMatchObject({ notice: 'supervisor_joined' });
    const joined = await sendText(samSocket, samKeys, 'staff', 'A supervisor here too.');
    expect(await samSocket.next((f) => f.type === 'ack' && f.clientId === joined.clientId)).toMatchObject({ conversationId: id });
    expect(await opened(participant, p.keys, joined.clientId)).toBe('A supervisor here too.');
    const averyKeys = await staffKeysFor(avery, watched);
    expect(await opened(averySocket, averyKeys, joined.clientId)).toBe('A supervisor here too.');
    expect((await auditEntries()).some((e) => e.action === 'conversation.joined' && e.actorId === sam.session.me.id)).toBe(true);

    expect((await supervise('take_over')).status).toBe(204);
    expect(await averySocket.next((f) => f.type === 'alert' && f.alert === 'taken_over')).toMatchObject({ conversationId: id, from: 'Sam' });
    await listed(samSocket, id, (c) => c.assignedTo?.id === sam.session.me.id && c.staff === undefined);
    // Now the holder, the supervisor goes on receiving without a new sync.
    const thanks = await sendText(participant, p.keys, 'participant', 'thank you');
    expect(await opened(samSocket, samKeys, thanks.clientId)).toBe('thank you');
    const late = await sendText(averySocket, averyKeys, 'staff', 'am I still here');
    expect(await averySocket.next((f) => f.type === 'error' && f.ref === late.clientId)).toMatchObject({ code: 'forbidden' });
    expect((await auditEntries()).find((e) => e.action === 'conversation.taken_over')?.detail).toMatchObject({ from: avery.session.me.id });

    // At close nothing of the supervision is left.
    samSocket.send({ type: 'close', conversationId: id });
    await participant.closed;
    expect(await ts.store.db.selectFrom('conversation_staff').selectAll().where('conversation_id', '=', id).execute()).toEqual([]);
  });

  it('alerts supervisors to a request for help and to a debrief, without content or conversation in the debrief', async () => {
    const averySocket = await connect(avery.session.token);
    const samSocket = await connect(sam.session.token);
    const { p } = await answered(avery, averySocket);
    const id = p.started.conversationId;

    expect((await postJson(`${server.url}/api/conversations/${id}/supervisor-request`, {}, blake.session.token)).status).toBe(403);
    const asked = await postJson<{ notified: number }>(`${server.url}/api/conversations/${id}/supervisor-request`, {}, avery.session.token);
    expect(asked.status).toBe(200);
    expect(asked.body.notified).toBeGreaterThanOrEqual(1);
    expect(await samSocket.next((f) => f.type === 'alert' && f.alert === 'supervisor_requested')).toEqual({
      type: 'alert',
      alert: 'supervisor_requested',
      conversationId: id,
      from: 'Avery',
    });

    const debrief = await postJson<{ notified: number }>(`${server.url}/api/debrief`, {}, avery.session.token);
    expect(debrief.status).toBe(200);
    expect(await samSocket.next((f) => f.type === 'alert' && f.alert === 'debrief_requested')).toEqual({ type: 'alert', alert: 'debrief_requested', from: 'Avery' });
    const entries = await auditEntries();
    expect(entries.some((e) => e.action === 'supervisor.requested' && e.actorId === avery.session.me.id)).toBe(true);
    expect(entries.some((e) => e.action === 'debrief.requested' && e.actorId === avery.session.me.id)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(id);
  });
});
