import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { ConversationSummary, InterpreterInvited, InterpreterSession, ServerFrame, StaffSelf } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { acceptInvite, FrameSocket, getJson, postJson, sendText, setupAdmin, signIn, staffKeysFor, startParticipant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const backends = await availableBackends();

/**
 * The name participants see: each member has one besides their display name, and it is the only
 * name of theirs that reaches a participant's or an interpreter's socket, whatever happens in the
 * conversation (answer, transfer, a supervisor joining, a take-over).
 */
describe.each(backends)('the name participants see, on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let avery: StaffKeys;
  let blake: StaffKeys;
  let sam: StaffKeys;
  const sockets: FrameSocket[] = [];
  /** Staff-only words: the surnames in the display names below. */
  const SURNAMES = ['Quinn', 'Okafor', 'Rivera'];

  async function member(username: string, displayName: string, role: 'advocate' | 'supervisor', participantName?: string): Promise<StaffKeys> {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role }, admin.session.token);
    const joined = await acceptInvite(server.url, invite.body.inviteToken, username, `${username} long password`, displayName, participantName);
    expect(joined.status).toBe(201);
    const sealed = await lc.sealPrivateKey(admin.programPrivate.get(1)!, await lc.importPublicKey(joined.body.me.publicKey), lc.programKeyContext(1));
    expect((await postJson(`${server.url}/api/staff/members/${joined.body.me.id}/grants`, { epoch: 1, sealed }, admin.session.token)).status).toBe(204);
    return signIn(server.url, username, `${username} long password`);
  }

  async function connect(token: string): Promise<FrameSocket> {
    const socket = await FrameSocket.connect(server.wsUrl, token);
    sockets.push(socket);
    return socket;
  }

  const listed = (socket: FrameSocket, id: string, match: (c: ConversationSummary) => boolean) =>
    socket.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && match(c))).then((f) => f.conversations.find((c) => c.id === id)!);

  const putName = (token: string, participantName: unknown) =>
    fetch(`${server.url}/api/staff/me/participant-name`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ participantName }),
    });

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    expect((await setupAdmin(server.url, server.setupToken)).status).toBe(201);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    avery = await member('avery', 'Avery Quinn', 'advocate');
    blake = await member('blake', 'Blake Okafor', 'advocate', 'بليك');
    sam = await member('sam', 'Sam Rivera', 'supervisor', 'Sam 🌿');
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
    await ts?.dispose();
  });

  it('defaults to the first word of the display name, and takes any script the member chooses', async () => {
    expect(avery.session.me).toMatchObject({ displayName: 'Avery Quinn', participantName: 'Avery' });
    expect(blake.session.me).toMatchObject({ displayName: 'Blake Okafor', participantName: 'بليك' });
    expect(sam.session.me).toMatchObject({ displayName: 'Sam Rivera', participantName: 'Sam 🌿' });
    // A name written without spaces is its own first word; the setup admin ("Ada Admin") got "Ada".
    expect(admin.session.me.participantName).toBe('Ada');
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
    const wang = await acceptInvite(server.url, invite.body.inviteToken, 'wang', 'wang long password', '王小明');
    expect(wang.body.me.participantName).toBe('王小明');
  });

  it('is checked by the schema: length, controls, bidi overrides and blank names are refused', async () => {
    for (const bad of ['', '   ', 'Sam\nRivera', 'Sam\u0007', 'Sam\u202eavir', 'x'.repeat(65), 42]) {
      expect((await putName(avery.session.token, bad)).status, JSON.stringify(bad)).toBe(400);
      const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, admin.session.token);
      const refused = await acceptInvite(server.url, invite.body.inviteToken, `bad${String(bad).length}`, 'a long enough password', 'Bad Name', bad as string);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await getJson<StaffSelf>(`${server.url}/api/staff/me`, avery.session.token)).body.participantName).toBe('Avery');
  });

  it('is changed on the member’s own account, and the change is audited', async () => {
    expect((await putName(avery.session.token, 'Ave')).status).toBe(204);
    expect((await getJson<StaffSelf>(`${server.url}/api/staff/me`, avery.session.token)).body.participantName).toBe('Ave');
    const entry = await ts.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'staff.participant_name_changed').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: avery.session.me.id, detail: { name: 'Ave' } });
    expect((await putName(avery.session.token, 'Avery')).status).toBe(204);
    expect((await putName('x'.repeat(43), 'Avery')).status).toBe(401);
  });

  it('is the only name of a member the participant’s and the interpreter’s sockets ever receive', async () => {
    const averySocket = await connect(avery.session.token);
    const blakeSocket = await connect(blake.session.token);
    const samSocket = await connect(sam.session.token);
    const p = await startParticipant(server.url);
    const id = p.started.conversationId;
    const participant = await connect(p.started.token);

    averySocket.send({ type: 'claim', conversationId: id });
    expect(await participant.next<Frame<'conversation'>>((f) => f.type === 'conversation' && f.status === 'active')).toMatchObject({ staffName: 'Avery' });
    const summary = await listed(averySocket, id, (c) => c.assignedTo?.id === avery.session.me.id);
    averySocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const keys = await staffKeysFor(avery, summary);
    await sendText(averySocket, keys, 'staff', 'Hello from Avery');

    // An interpreter, invited by the holder, records everything their socket gets too.
    const invited = await postJson<InterpreterInvited>(`${server.url}/api/conversations/${id}/interpreter`, {}, avery.session.token);
    const session = await postJson<InterpreterSession>(`${server.url}/api/interpreter/redeem`, { token: invited.body.token });
    const interpreter = new FrameSocket(server.wsUrl);
    sockets.push(interpreter);
    await interpreter.opened;
    interpreter.send({ type: 'auth', token: session.body.sessionToken });
    await participant.next((f) => f.type === 'interpreter' && f.state === 'asking');
    participant.send({ type: 'consent', conversationId: id, accept: true });
    await interpreter.next((f) => f.type === 'ready');
    interpreter.send({ type: 'sync', conversationId: id, afterSeq: 0 });

    // A transfer: the participant is told who is there now, by the name participants see.
    expect((await postJson(`${server.url}/api/conversations/${id}/transfer`, { toStaffId: blake.session.me.id, note: null }, avery.session.token)).status).toBe(204);
    expect(await participant.next<Frame<'notice'>>((f) => f.type === 'notice' && f.notice === 'transferred')).toEqual({ type: 'notice', conversationId: id, notice: 'transferred', name: 'بليك' });
    await participant.next<Frame<'conversation'>>((f) => f.type === 'conversation' && f.staffName === 'بليك');
    await listed(blakeSocket, id, (c) => c.assignedTo?.id === blake.session.me.id);
    blakeSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const fromBlake = await sendText(blakeSocket, keys, 'staff', 'Hello from Blake');
    await participant.next((f) => f.type === 'message' && f.clientId === fromBlake.clientId);

    // A supervisor joins, then takes over.
    const supervise = (action: string) => postJson(`${server.url}/api/conversations/${id}/supervise`, { action }, sam.session.token);
    expect((await supervise('join')).status).toBe(204);
    expect(await participant.next<Frame<'notice'>>((f) => f.type === 'notice' && f.notice === 'supervisor_joined')).toEqual({
      type: 'notice',
      conversationId: id,
      notice: 'supervisor_joined',
      name: 'Sam 🌿',
    });
    samSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    const fromSam = await sendText(samSocket, keys, 'staff', 'Hello from Sam');
    await participant.next((f) => f.type === 'message' && f.clientId === fromSam.clientId);
    await interpreter.next((f) => f.type === 'message' && f.clientId === fromSam.clientId);
    expect((await supervise('take_over')).status).toBe(204);
    await participant.next<Frame<'conversation'>>((f) => f.type === 'conversation' && f.staffName === 'Sam 🌿');
    expect(participant.frames.filter((f) => f.type === 'notice').map((f) => (f as { name?: string }).name)).toEqual(['بليك', 'Sam 🌿', 'Sam 🌿']);

    // A reconnecting page is told the holder's name the same way.
    const again = await connect(p.started.token);
    expect(await again.next<Frame<'conversation'>>((f) => f.type === 'conversation')).toMatchObject({ staffName: 'Sam 🌿' });

    // Staff sockets still name the writer of each line by the display name.
    const samFrame = await blakeSocket.next<Frame<'message'>>((f) => f.type === 'message' && f.clientId === fromSam.clientId);
    expect(samFrame.author).toEqual({ id: sam.session.me.id, displayName: 'Sam Rivera' });

    const outside = [...participant.raw, ...again.raw, ...interpreter.raw].join('\n');
    expect(participant.raw.length).toBeGreaterThan(10);
    expect(interpreter.raw.length).toBeGreaterThan(3);
    for (const staffOnly of [...SURNAMES, 'Avery Quinn', 'Blake Okafor', 'Sam Rivera', '"author"', '"displayName"']) {
      expect(outside, staffOnly).not.toContain(staffOnly);
    }
    samSocket.send({ type: 'close', conversationId: id });
    await participant.next((f) => f.type === 'closed');
  });
});
