import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame } from '@lantern/protocol';
import { Vault } from '../src/sms/vault';
import { availableBackends } from './support/backends';
import { FrameSocket, getJson, postJson, requestConversationKeys } from './support/clients';
import { dumpTables, filesContaining } from './support/scan';
import { answerSms, eventually, openSms, PUBLIC_URL, smsDetails, staffSend, startSmsHarness, textIn, type Frame, type SmsHarness } from './sms-harness';
import { startServer } from './support/server';

const backends = await availableBackends();
const SENTINEL = 'The lantern sentinel: Marguerite walks the harbour path at dusk.';
const REPLY_SENTINEL = 'Reply sentinel: the blue door on Quay Street opens at nine.';
const NUMBER = '+15555550177';

describe.each(backends)('SMS privacy on %s', (backend) => {
  let h: SmsHarness;
  let socket: FrameSocket;
  let conversationId = '';
  const inboundSids: string[] = [];

  beforeAll(async () => {
    h = await startSmsHarness(backend);
    socket = await FrameSocket.connect(h.server.wsUrl, h.advocate.session.token);
  });
  afterAll(async () => {
    socket?.close();
    await h?.close();
  });

  it('seals an inbound text at once: no table, data file or log line holds it, and the advocate opens it', async () => {
    const sent = await textIn(h, NUMBER, SENTINEL);
    expect(sent.status).toBe(200);
    inboundSids.push(sent.messageSid);
    // The start notice went back to the number at once.
    await h.api.until(() => h.api.sent.some((s) => s.to === NUMBER && s.text.includes('Text STOP')));

    const summary = await answerSms(h, socket);
    conversationId = summary.id;
    // The server is the texter's end: it holds the conversation secret, and hands it to the advocate's device as a page would.
    expect(summary.participantKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const keys = await requestConversationKeys(socket, h.advocate, summary);
    const frame = await socket.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === conversationId && f.sender === 'participant');
    expect(await openSms(keys, frame)).toBe(SENTINEL);

    const reply = await staffSend(h, h.advocate, conversationId, REPLY_SENTINEL);
    expect(reply.status).toBe(201);
    await socket.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === conversationId && f.sender === 'staff');
    expect(h.api.sent.filter((s) => s.to === NUMBER).map((s) => s.text)).toContain(REPLY_SENTINEL);

    const secret = [SENTINEL, REPLY_SENTINEL, NUMBER, NUMBER.slice(1)];
    const atRest = await dumpTables(h.ts.store.db);
    expect(atRest).toContain(conversationId);
    for (const s of secret) expect(atRest).not.toContain(s);
    if (h.ts.dataDir) expect(await filesContaining(h.ts.dataDir, secret)).toEqual([]);
    const log = h.server.logs.join('\n');
    expect(h.server.logs.some((line) => line.includes('/webhooks/sms/:provider'))).toBe(true);
    for (const s of secret) expect(log).not.toContain(s);
  });

  it('shows the advocate the number masked, and in full only to them when they ask', async () => {
    const details = await smsDetails(h, h.advocate, conversationId);
    expect(details.body).toEqual({ provider: 'twilio', number: '•••• 77', stopped: false });
    const revealed = await postJson<{ number: string }>(`${h.server.url}/api/sms/conversations/${conversationId}/reveal`, {}, h.advocate.session.token);
    expect(revealed.body.number).toBe(NUMBER);
    // The admin does not hold this conversation: no number, no details.
    expect((await postJson(`${h.server.url}/api/sms/conversations/${conversationId}/reveal`, {}, h.admin.session.token)).status).toBe(403);
    expect((await smsDetails(h, h.admin, conversationId)).status).toBe(403);
    expect((await postJson(`${h.server.url}/api/sms/conversations/${conversationId}/reveal`, {})).status).toBe(401);
  });

  it('at close erases the number and asks the provider to delete every message of the conversation', async () => {
    const second = await textIn(h, NUMBER, 'A second text');
    inboundSids.push(second.messageSid);
    await socket.next((f) => f.type === 'message' && f.conversationId === conversationId && f.seq === 3);
    // One deletion fails once: the sweep retries it, and admins see it meanwhile.
    h.api.failNext(/^DELETE /, 500);

    socket.send({ type: 'close', conversationId });
    await socket.next<Frame<'closed'>>((f) => f.type === 'closed' && f.conversationId === conversationId);
    await h.api.until(() => h.api.sent.some((s) => s.to === NUMBER && s.text.includes('delete this thread')));

    const outboundIds = h.api.sent.filter((s) => s.to === NUMBER).map((s) => s.id);
    expect(outboundIds.length).toBe(3); // start notice, reply, end notice
    const everyId = [...inboundSids, ...outboundIds];

    type Status = { due: number; failing: Array<{ provider: string; lastError: string; attempts: number }> };
    let failing = await getJson<Status>(`${h.server.url}/api/sms/deletions`, h.admin.session.token);
    await eventually(async () => {
      failing = await getJson<Status>(`${h.server.url}/api/sms/deletions`, h.admin.session.token);
      // The other deletions went through; the failed one waits for its retry.
      return failing.body.failing.length > 0 && failing.body.due === 1;
    });
    expect(failing.body.failing).toEqual([expect.objectContaining({ provider: 'twilio', lastError: 'twilio-500-20500', attempts: 1 })]);
    expect((await getJson(`${h.server.url}/api/sms/deletions`, h.advocate.session.token)).status).toBe(403);
    expect((await postJson(`${h.server.url}/api/sms/deletions/retry`, {}, h.admin.session.token)).status).toBe(204);

    await h.api.until(() => everyId.every((id) => h.api.deleted.some((d) => d.provider === 'twilio' && d.id === id)));
    await eventually(async () => (await h.ts.store.db.selectFrom('sms_remote_messages').select('id').execute()).length === 0);

    const atRest = await dumpTables(h.ts.store.db);
    expect(atRest).not.toContain(conversationId);
    expect(await h.ts.store.db.selectFrom('sms_conversations').selectAll().execute()).toEqual([]);
    for (const id of everyId) expect(atRest).not.toContain(id);
  });

  it('answers a late reply to the closed conversation with a refusal, and sends nothing', async () => {
    const sent = h.api.sent.length;
    const late = await staffSend(h, h.advocate, conversationId, 'Too late');
    expect(late.status).toBe(404);
    expect(h.api.sent.length).toBe(sent);
  });
});

describe('SMS when the program keeps closed conversations for a while', () => {
  it('still erases the number and has the provider delete its copies at close', async () => {
    const h = await startSmsHarness('pglite', {}, { retentionDays: 30 });
    const socket = await FrameSocket.connect(h.server.wsUrl, h.advocate.session.token);
    try {
      const sent = await textIn(h, '+15555550179', 'kept sealed for a while');
      const summary = await answerSms(h, socket);
      socket.send({ type: 'close', conversationId: summary.id });
      await h.api.until(() => h.api.sent.some((s) => s.to === '+15555550179' && s.text.includes('delete this thread')));
      await h.api.until(() => h.api.deleted.some((d) => d.id === sent.messageSid));
      await eventually(async () => (await h.ts.store.db.selectFrom('sms_remote_messages').select('id').execute()).length === 0);
      expect(await h.ts.store.db.selectFrom('sms_conversations').selectAll().execute()).toEqual([]);
      // The sealed ciphertext is what the retention keeps; a new text from the number starts afresh.
      expect((await h.ts.store.db.selectFrom('conversations').select('status').where('id', '=', summary.id).executeTakeFirstOrThrow()).status).toBe('closed');
      expect((await textIn(h, '+15555550179', 'hello again')).status).toBe(200);
      await h.api.until(() => h.api.sent.filter((s) => s.to === '+15555550179' && s.text.includes('Text STOP')).length === 2);
    } finally {
      socket.close();
      await h.close();
    }
  });
});

describe('SMS with SERVER_KEY set', () => {
  it('keeps no server key in the database', async () => {
    const h = await startSmsHarness('pglite', { SERVER_KEY: Buffer.alloc(32, 7).toString('base64url') });
    try {
      expect((await textIn(h, '+15555550178', 'hello')).status).toBe(200);
      const program = await h.ts.store.db.selectFrom('program').select('sms_server_key').executeTakeFirstOrThrow();
      expect(program.sms_server_key).toBeNull();
      // The number's lookup hash is keyed with a key held beside the conversation secrets, not with SERVER_KEY or anything on disk.
      const row = await h.ts.store.db.selectFrom('sms_conversations').select('phone_hash').executeTakeFirstOrThrow();
      expect(row.phone_hash).not.toBe(new Vault(Buffer.alloc(32, 7)).hash('phone', '+15555550178'));
    } finally {
      await h.close();
      delete process.env.SERVER_KEY;
    }
  });
});

describe('SMS across a restart of a single node (no Redis)', () => {
  it('ends the open text conversations whose secret the restart lost, and starts afresh on the next text', async () => {
    const h = await startSmsHarness('pglite');
    let server = h.server;
    try {
      const number = '+15555550166';
      await textIn(h, number, 'before the restart');
      await h.api.until(() => h.api.sent.some((s) => s.to === number && s.text.includes('Text STOP')));
      const before = await h.ts.store.db.selectFrom('conversations').select(['id', 'participant_key']).where('channel', '=', 'sms').execute();
      expect(before).toHaveLength(1);

      // The secret lived in the old process only: after the restart nothing can open the text or the number.
      await server.close();
      server = await startServer(h.ts.store, { publicUrl: PUBLIC_URL, programName: 'Harbor Line' });
      expect(await h.ts.store.db.selectFrom('conversations').select('id').where('id', '=', before[0]!.id).execute()).toEqual([]);
      // No end notice could go (the number is unreadable); the next text is a new conversation with the start notice.
      expect(h.api.sent.filter((s) => s.to === number && s.text.includes('delete this thread'))).toEqual([]);
      await textIn({ ...h, server }, number, 'after the restart');
      await h.api.until(() => h.api.sent.filter((s) => s.to === number && s.text.includes('Text STOP')).length === 2);
      const after = await h.ts.store.db.selectFrom('conversations').select(['id', 'participant_key']).where('channel', '=', 'sms').execute();
      expect(after).toHaveLength(1);
      expect(after[0]!.id).not.toBe(before[0]!.id);
      expect(after[0]!.participant_key).not.toBe(before[0]!.participant_key);
    } finally {
      await server.close();
      await h.api.close();
      await h.ts.dispose();
    }
  });
});
