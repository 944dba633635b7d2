import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import * as lc from '@lantern/crypto';
import { CODE_WORD_KIND, type CodeWordInvite, type CodeWordIssued, type CodeWordRecord, type ConversationSummary, type MessageFrame, type ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, inviteMember, postJson, setupAdmin, signIn, startParticipant, staffKeysFor, type Participant, type StaffKeys } from './support/clients';
import { dumpTables, filesContaining } from './support/scan';
import { startServer, type TestServer } from './support/server';
import { hourlyEvents } from './support/audit';

/**
 * Acceptance for code words: an advocate issues a reference in one chat, the participant's page
 * seals a code word to the program key; in a later chat the participant types it and only the
 * advocate's key work decides match or no match. The word is nowhere in plaintext.
 */
const WORD = 'Héron Bleu 🪶 de Minuit';
// What the participant types the second time: another case, spacing and Unicode form of the same word.
const SAME_WORD = '  HE\u0301RON   bleu 🪶 DE minuit ';
const WRONG_WORD = 'heron rouge de minuit';
const NEEDLES = [WORD, WORD.toLowerCase(), lc.normalizeCodeWord(WORD), 'Héron', 'héron', 'Minuit', 'minuit', WRONG_WORD];

describe.each(await availableBackends())('code words on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let advocate: StaffKeys;
  let staffSocket: FrameSocket;
  let reference = '';

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    advocate = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
    staffSocket = await FrameSocket.connect(server.wsUrl, advocate.session.token);
  });

  afterAll(async () => {
    staffSocket?.close();
    await server?.close();
    await ts?.dispose();
  });

  /** A participant starts a chat and the advocate answers it; both ends hold the conversation keys. */
  async function chat() {
    const participant = await startParticipant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const id = participant.started.conversationId;
    staffSocket.send({ type: 'claim', conversationId: id });
    await socket.next((f) => f.type === 'conversation' && f.status === 'active');
    const queue = await staffSocket.next<Extract<ServerFrame, { type: 'queue' }>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === id && c.status === 'active'));
    const summary = queue.conversations.find((c) => c.id === id) as ConversationSummary;
    // As the console does: a staff socket gets a conversation's messages once it has synced it.
    staffSocket.send({ type: 'sync', conversationId: id, afterSeq: 0 });
    return { participant, socket, id, staffKeys: await staffKeysFor(advocate, summary) };
  }

  /** Sends a structured message and returns what the other side decrypts from it. */
  async function structured(from: FrameSocket, to: FrameSocket, keys: lc.ConversationKeys, sender: lc.Sender, readKeys: lc.ConversationKeys, kind: string, text: string) {
    const clientId = randomUUID();
    from.send({ type: 'send', conversationId: keys.conversationId, clientId, body: await lc.encryptMessage(keys, sender, clientId, { text, kind }) });
    const frame = await to.next<MessageFrame>((f) => f.type === 'message' && f.clientId === clientId);
    return lc.decryptMessage(readKeys, frame.sender, frame.clientId, frame.body);
  }

  const issue = (body: unknown, token = advocate.session.token) => postJson<CodeWordIssued>(`${server.url}/api/code-words`, body, token);
  const lookup = (ref: string, conversationId: string, token = advocate.session.token) =>
    postJson<CodeWordRecord>(`${server.url}/api/code-words/lookup`, { reference: ref, conversationId }, token);
  const setWord = (body: Record<string, unknown>) => postJson(`${server.url}/api/code-words/set`, body);

  it('issues a reference in one chat and stores only the code word sealed in the participant page', async () => {
    const first = await chat();
    const issued = await issue({ conversationId: first.id });
    expect(issued.status).toBe(201);
    expect(issued.body.reference).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    reference = issued.body.reference;

    // The advocate's browser passes reference, token and program key on, end to end encrypted.
    const programKey = advocate.session.me.programKeys.find((k) => k.epoch === 1)!;
    const invite: CodeWordInvite = { reference, setToken: issued.body.setToken, epoch: 1, programKey: programKey.publicKey };
    const received = await structured(staffSocket, first.socket, first.staffKeys, 'staff', first.participant.keys, CODE_WORD_KIND.issue, JSON.stringify(invite));
    expect(received.kind).toBe(CODE_WORD_KIND.issue);
    const got = JSON.parse(received.text) as CodeWordInvite;

    const sealed = await lc.sealCodeWord(await lc.importPublicKey(got.programKey), got.reference, WORD);
    // The advocate, who passed the token on, cannot use it: only the page of that chat can.
    expect((await setWord({ reference, setToken: got.setToken, token: advocate.session.token, epoch: 1, sealed })).status).toBe(404);
    const set = await setWord({ reference: got.reference, setToken: got.setToken, token: first.participant.started.token, epoch: got.epoch, sealed });
    expect(set.status).toBe(204);
    // The token is good once.
    expect((await setWord({ reference, setToken: got.setToken, token: first.participant.started.token, epoch: 1, sealed })).status).toBe(404);

    const row = await ts.store.db.selectFrom('code_words').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sealed, epoch: 1, pending_hash: null });
    expect(JSON.stringify(row)).not.toContain(first.id);

    first.socket.send({ type: 'close', conversationId: first.id });
    await first.socket.closed;
    expect(await ts.store.db.selectFrom('code_words').select('reference').execute()).toEqual([{ reference }]);
  });

  it('verifies in a later chat: match for the same word however typed, no match for another', async () => {
    const second = await chat();
    const record = await lookup(reference, second.id);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ reference, epoch: 1, stale: false, rotationDays: 180 });
    const programPrivate = advocate.programPrivate.get(record.body.epoch)!;

    for (const [typed, expected] of [[SAME_WORD, true], [WRONG_WORD, false], ['', false]] as const) {
      const ask = await structured(staffSocket, second.socket, second.staffKeys, 'staff', second.participant.keys, CODE_WORD_KIND.ask, '');
      expect(ask.kind).toBe(CODE_WORD_KIND.ask);
      const answer = await structured(second.socket, staffSocket, second.participant.keys, 'participant', second.staffKeys, CODE_WORD_KIND.answer, typed);
      expect(answer.kind).toBe(CODE_WORD_KIND.answer);
      expect(await lc.codeWordMatches(programPrivate, reference, record.body.sealed, answer.text)).toBe(expected);
    }
    // Sealed for another reference, the blob does not open.
    await expect(lc.codeWordMatches(programPrivate, 'ZZZZ2222', record.body.sealed, SAME_WORD)).rejects.toThrow();
    second.socket.send({ type: 'close', conversationId: second.id });
    await second.socket.closed;
  });

  it('flags an old code word and lets the participant set a new one under the same reference', async () => {
    await sql`update code_words set created_at = now() - interval '181 days' where reference = ${reference}`.execute(ts.store.db);
    const third = await chat();
    expect((await lookup(reference, third.id)).body.stale).toBe(true);

    const renewed = await issue({ conversationId: third.id, reference });
    expect(renewed.status).toBe(201);
    expect(renewed.body.reference).toBe(reference);
    const programKey = await lc.importPublicKey(advocate.session.me.programKeys[0]!.publicKey);
    const sealed = await lc.sealCodeWord(programKey, reference, WRONG_WORD);
    expect((await setWord({ reference, setToken: renewed.body.setToken, token: third.participant.started.token, epoch: 1, sealed })).status).toBe(204);
    const record = await lookup(reference, third.id);
    expect(record.body.stale).toBe(false);
    expect(await lc.codeWordMatches(advocate.programPrivate.get(1)!, reference, record.body.sealed, WRONG_WORD)).toBe(true);
    expect(await lc.codeWordMatches(advocate.programPrivate.get(1)!, reference, record.body.sealed, WORD)).toBe(false);
    third.socket.send({ type: 'close', conversationId: third.id });
    await third.socket.closed;
  });

  it('renews a reference only in the chat it was checked in, and only from that chat\'s page', async () => {
    const programKey = await lc.importPublicKey(advocate.session.me.programKeys[0]!.publicKey);
    const sealed = await lc.sealCodeWord(programKey, reference, 'taken over');
    // A chat the member holds, where nobody gave this reference: no renewal.
    const other = await chat();
    expect((await issue({ conversationId: other.id, reference })).status).toBe(404);
    // Checked there, it may be renewed there; the token still works only from that chat's page.
    expect((await lookup(reference, other.id)).status).toBe(200);
    const renewed = await issue({ conversationId: other.id, reference });
    expect(renewed.status).toBe(201);
    const stranger = await startParticipant(server.url);
    expect((await setWord({ reference, setToken: renewed.body.setToken, token: stranger.started.token, epoch: 1, sealed })).status).toBe(404);
    // A check lets one renewal, not more.
    expect((await issue({ conversationId: other.id, reference })).status).toBe(404);
    const record = await lookup(reference, other.id);
    expect(await lc.codeWordMatches(advocate.programPrivate.get(1)!, reference, record.body.sealed, WRONG_WORD)).toBe(true);
    other.socket.send({ type: 'close', conversationId: other.id });
    await other.socket.closed;
  });

  it('keeps the code word out of every table, file and log line, and the reference out of the audit log', async () => {
    const tables = await dumpTables(ts.store.db);
    for (const needle of NEEDLES) expect(tables).not.toContain(needle);
    if (ts.dataDir) expect(await filesContaining(ts.dataDir, NEEDLES)).toEqual([]);
    const log = server.logs.join('\n');
    for (const needle of [...NEEDLES, reference]) expect(log).not.toContain(needle);

    // Counted per hour, not dated (docs/security.md#audit-log).
    const audit = (await hourlyEvents(ts.store.db)).filter((a) => a.action.startsWith('code_word.'));
    expect(audit.map(({ action, detail, count }) => ({ action, detail, count }))).toEqual([
      { action: 'code_word.issued', detail: { renewal: false }, count: 1 },
      { action: 'code_word.issued', detail: { renewal: true }, count: 2 },
      { action: 'code_word.verified', detail: {}, count: 5 },
    ]);
    expect(JSON.stringify(await hourlyEvents(ts.store.db))).not.toContain(reference);
    expect(JSON.stringify(await ts.store.db.selectFrom('audit_log').selectAll().execute())).not.toContain(reference);
  });

  it('checks schemas, tokens and who may ask', async () => {
    const held = await chat();
    const participantToken = held.participant.started.token;
    // Staff only, and only for a chat the member holds.
    expect((await issue({ conversationId: held.id }, participantToken)).status).toBe(401);
    expect((await lookup(reference, held.id, participantToken)).status).toBe(401);
    expect((await issue({ conversationId: held.id }, admin.session.token)).status).toBe(403);
    expect((await issue({ conversationId: randomUUID() })).status).toBe(404);
    expect((await issue({ conversationId: held.id, reference: 'ZZZZ2222' })).status).toBe(404);
    // Malformed: a reference with an ambiguous symbol, a short sealed blob, an extra field.
    for (const body of [{ conversationId: held.id, reference: 'ABCD0000' }, { conversationId: 'x' }, { conversationId: held.id, extra: 1 }]) {
      const reply = await issue(body);
      expect(reply.status).toBe(400);
    }
    expect((await lookup('abcd-2345', held.id)).status).toBe(400);
    expect((await lookup('ZZZZ2222', held.id)).status).toBe(404);
    expect((await lookup(reference, randomUUID())).status).toBe(404);
    const issued = await issue({ conversationId: held.id });
    const sealed = await lc.sealCodeWord(await lc.importPublicKey(advocate.session.me.programKeys[0]!.publicKey), issued.body.reference, 'x');
    const good = { reference: issued.body.reference, setToken: issued.body.setToken, token: participantToken, epoch: 1, sealed };
    for (const body of [{ ...good, sealed: 'A'.repeat(100) }, { ...good, epoch: 0 }, { ...good, more: true }, { ...good, setToken: 'short' }]) {
      expect((await postJson(`${server.url}/api/code-words/set`, body)).status).toBe(400);
    }
    expect((await postJson(`${server.url}/api/code-words/set`, { ...good, setToken: 'A'.repeat(43) })).status).toBe(404);
    expect((await postJson(`${server.url}/api/code-words/set`, { ...good, epoch: 9 })).status).toBe(404);
    // A reference nobody set a word for is not listed.
    expect((await lookup(issued.body.reference, held.id)).status).toBe(404);
    expect((await postJson(`${server.url}/api/code-words/set`, good)).status).toBe(204);
    expect((await lookup(issued.body.reference, held.id)).status).toBe(200);
  });
});
