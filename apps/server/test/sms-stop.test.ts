import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageFrame } from '@lantern/protocol';
import { CANNOT_TEXT_MESSAGE, STOPPED_MESSAGE } from '../src/sms/service';
import { StopList } from '../src/sms/stop-list';
import { Vault } from '../src/sms/vault';
import { hourlyEvents } from './support/audit';
import { availableBackends } from './support/backends';
import { FrameSocket, postJson, requestConversationKeys } from './support/clients';
import { answerSms, openSms, staffSend, startSmsHarness, textIn, type Frame, type SmsHarness } from './sms-harness';

const backends = await availableBackends();

describe.each(backends)('SMS keywords and outbound texting on %s', (backend) => {
  let h: SmsHarness;
  let socket: FrameSocket;

  beforeAll(async () => {
    h = await startSmsHarness(backend, { SMS_LANGUAGES: 'en,fr,es' });
    socket = await FrameSocket.connect(h.server.wsUrl, h.advocate.session.token);
  });
  afterAll(async () => {
    socket?.close();
    await h?.close();
  });

  const textsTo = (number: string) => h.api.sent.filter((s) => s.to === number).map((s) => s.text);

  it('ends the conversation on STOP, and refuses a later staff reply with the reason', async () => {
    const number = '+15555550181';
    await textIn(h, number, 'I need to talk to someone');
    const summary = await answerSms(h, socket);
    expect((await staffSend(h, h.advocate, summary.id, 'I am here. What is happening?')).status).toBe(201);

    expect((await textIn(h, number, '  Stop. ')).status).toBe(200);
    expect((await socket.next<Frame<'closed'>>((f) => f.type === 'closed' && f.conversationId === summary.id)).by).toBe('participant');
    await h.api.until(() => textsTo(number).some((t) => t.includes('no more texts')));

    const sentBefore = h.api.sent.length;
    const refused = await staffSend(h, h.advocate, summary.id, 'Are you still there?');
    expect(refused.status).toBe(410);
    expect(refused.body.message).toBe(STOPPED_MESSAGE);
    // Nothing more went out: no end notice after STOP, no reply.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.api.sent.length).toBe(sentBefore);
    expect(textsTo(number).some((t) => t.includes('this conversation has ended'))).toBe(false);

    // An advocate cannot start texting the number either, until they text START.
    const again = await postJson<{ message: string }>(`${h.server.url}/api/sms/conversations`, { number, confirmNumber: number }, h.advocate.session.token);
    expect(again.status).toBe(409);
    expect(again.body.message).toBe(CANNOT_TEXT_MESSAGE);

    expect((await textIn(h, number, 'start')).status).toBe(200);
    await h.api.until(() => textsTo(number).some((t) => t.includes('you can text us again')));
    const restarted = await postJson<{ conversationId: string }>(`${h.server.url}/api/sms/conversations`, { number, confirmNumber: number }, h.advocate.session.token);
    expect(restarted.status).toBe(201);
    socket.send({ type: 'close', conversationId: restarted.body.conversationId });
    await socket.next((f) => f.type === 'closed' && f.conversationId === restarted.body.conversationId);
  });

  it('sends nothing to a number started and closed at once, answers STOP and an open conversation alike, and audits both without the number', async () => {
    const start = (number: string) =>
      postJson<{ conversationId: string; message?: string }>(`${h.server.url}/api/sms/conversations`, { number, confirmNumber: number }, h.advocate.session.token);
    const probe = '+15555550175';
    const started = await start(probe);
    expect(started.status).toBe(201);
    socket.send({ type: 'close', conversationId: started.body.conversationId });
    await socket.next((f) => f.type === 'closed' && f.conversationId === started.body.conversationId);
    // The close is done once the number's row is gone; the end notice would have gone before that.
    const key = Buffer.from((await h.ts.store.db.selectFrom('program').select('sms_server_key').executeTakeFirstOrThrow()).sms_server_key!, 'base64url');
    const probeHash = new Vault(key).hash('phone', probe);
    for (let i = 0; i < 100 && (await h.ts.store.db.selectFrom('sms_conversations').select('id').where('phone_hash', '=', probeHash).executeTakeFirst()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(textsTo(probe)).toEqual([]);

    const stopped = '+15555550174';
    await textIn(h, stopped, 'STOP');
    await h.api.until(() => textsTo(stopped).some((t) => t.includes('no more texts')));
    const busy = '+15555550173';
    await textIn(h, busy, 'hello');
    await h.api.until(() => textsTo(busy).length === 1);
    const busyChat = await answerSms(h, socket);
    const [toStopped, toBusy] = [await start(stopped), await start(busy)];
    expect([toStopped.status, toBusy.status]).toEqual([409, 409]);
    expect(toStopped.body).toEqual(toBusy.body);

    const events = (await hourlyEvents(h.ts.store.db)).filter((e) => e.action.startsWith('sms.outbound'));
    const count = (action: string, reason?: string) =>
      events.filter((e) => e.action === action && (reason === undefined || e.detail.reason === reason)).reduce((sum, e) => sum + e.count, 0);
    expect(count('sms.outbound_started')).toBeGreaterThanOrEqual(1);
    expect(count('sms.outbound_refused', 'cannot text')).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(events)).not.toMatch(/555/);
    socket.send({ type: 'close', conversationId: busyChat.id });
    await socket.next((f) => f.type === 'closed' && f.conversationId === busyChat.id);
  });

  it('keeps no STOP record from which a copy of the database alone confirms a number', async () => {
    const number = '+15555550176';
    expect((await textIn(h, number, 'STOP')).status).toBe(200);
    await h.api.until(() => textsTo(number).some((t) => t.includes('no more texts')));
    const db = h.ts.store.db;
    const stored = (await db.selectFrom('sms_opt_outs').select('phone_hash').execute()).map((r) => r.phone_hash);
    expect(stored.length).toBeGreaterThan(0);
    // The attacker holds every key the database holds, and tries it as the keyed hash and as the STOP list's key.
    const program = await db.selectFrom('program').select(['sms_server_key']).executeTakeFirstOrThrow();
    const key = Buffer.from(program.sms_server_key!, 'base64url');
    expect(stored).not.toContain(new Vault(key).hash('phone', number));
    expect(await new StopList(db, key).has(number)).toBe(false);
    // The server, whose key is outside the database, still refuses to text the number.
    const refused = await postJson(`${h.server.url}/api/sms/conversations`, { number, confirmNumber: number }, h.advocate.session.token);
    expect(refused.status).toBe(409);
  });

  it('refuses a web ciphertext sent into a text conversation: it would never reach the phone', async () => {
    socket.frames.length = 0;
    await textIn(h, '+15555550177', 'hello from a phone');
    const summary = await answerSms(h, socket, (c) => c.channel === 'sms' && c.status === 'waiting');
    const clientId = randomUUID();
    socket.send({ type: 'send', conversationId: summary.id, clientId, body: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(await socket.next((f) => f.type === 'error' && f.ref === clientId)).toMatchObject({ code: 'forbidden' });
    const stored = await h.ts.store.db.selectFrom('messages').select('client_id').where('client_id', '=', clientId).execute();
    expect(stored).toEqual([]);
    socket.send({ type: 'close', conversationId: summary.id });
    await socket.next((f) => f.type === 'closed' && f.conversationId === summary.id);
  });

  it('matches STOP words in every language the program lists, whatever the case, width and spacing', async () => {
    for (const [i, word] of ['ARRÊT', 'arret', ' Alto ', 'ＳＴＯＰ', 'parar!', 'UNSUBSCRIBE'].entries()) {
      const number = `+1555555019${i}`;
      await textIn(h, number, 'hello');
      await h.api.until(() => textsTo(number).length === 1);
      await textIn(h, number, word);
      await h.api.until(() => textsTo(number).some((t) => t.includes('no more texts')));
    }
    // A sentence that contains a keyword is a message, not a keyword.
    const number = '+15555550199';
    await textIn(h, number, 'please do not stop answering me');
    await h.api.until(() => textsTo(number).length === 1);
    expect(textsTo(number)[0]).toMatch(/you have reached our text line/);
    // Its conversation is the newest, open and not stopped (the lookup hash is keyed in memory, so found by time here).
    const row = await h.ts.store.db.selectFrom('sms_conversations').selectAll().orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.conversation_id).not.toBeNull();
    expect(row.stopped_at).toBeNull();
    // Twelve STOP-list hashes of about a second each, by design (docs/sms.md#the-stop-list).
  }, 180_000);

  it('answers HELP as carriers require and still passes the text to an advocate', async () => {
    const number = '+15555550182';
    await textIn(h, number, 'Ayuda');
    await h.api.until(() => textsTo(number).length === 2);
    expect(textsTo(number)[1]).toMatch(/Msg & data rates may apply.*STOP/);
    const summary = await answerSms(h, socket, (c) => c.language === 'es');
    const frame = await socket.next<MessageFrame>((f) => f.type === 'message' && f.conversationId === summary.id);
    expect(await openSms(await requestConversationKeys(socket, h.advocate, summary), frame)).toBe('Ayuda');
  });

  it('texts a new number only after it is typed twice alike, with the start notice before the first text', async () => {
    const url = `${h.server.url}/api/sms/conversations`;
    const token = h.advocate.session.token;
    expect((await postJson(url, { number: '+1 555 555 0183', confirmNumber: '+1 555 555 0138' }, token)).status).toBe(400);
    expect((await postJson(url, { number: 'not a number', confirmNumber: 'not a number' }, token)).status).toBe(400);
    expect(h.api.sent.filter((s) => s.to === '+15555550183')).toEqual([]);

    const started = await postJson<{ conversationId: string; number: string }>(url, { number: '+1 (555) 555-0183', confirmNumber: '+15555550183' }, token);
    expect(started.status).toBe(201);
    expect(started.body.number).toBe('+15555550183');
    // Nothing is sent until the advocate writes.
    expect(textsTo('+15555550183')).toEqual([]);
    const queue = await socket.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => c.id === started.body.conversationId));
    expect(queue.conversations.find((c) => c.id === started.body.conversationId)).toMatchObject({ channel: 'sms', status: 'active' });

    expect((await staffSend(h, h.advocate, started.body.conversationId, 'Hello, this is Avery from the program.')).status).toBe(201);
    expect(textsTo('+15555550183')).toEqual([expect.stringContaining('Text STOP'), 'Hello, this is Avery from the program.']);
    // A second conversation with the same open number is refused.
    expect((await postJson(url, { number: '+15555550183', confirmNumber: '+15555550183' }, token)).status).toBe(409);
    // Someone else's conversation cannot be written to.
    expect((await staffSend(h, h.admin, started.body.conversationId, 'Not mine')).status).toBe(403);
  });

  it('refuses a text longer than 1600 characters and a resend sends nothing twice', async () => {
    const started = await postJson<{ conversationId: string }>(`${h.server.url}/api/sms/conversations`, { number: '+15555550184', confirmNumber: '+15555550184' }, h.advocate.session.token);
    expect((await staffSend(h, h.advocate, started.body.conversationId, 'x'.repeat(1601))).status).toBe(400);
    const clientId = crypto.randomUUID();
    const first = await staffSend(h, h.advocate, started.body.conversationId, 'Once only', clientId);
    const again = await staffSend(h, h.advocate, started.body.conversationId, 'Once only', clientId);
    expect(again.body.seq).toBe(first.body.seq);
    expect(textsTo('+15555550184').filter((t) => t === 'Once only')).toHaveLength(1);
  });
});
