import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { AuditReply, ConversationSummary, NoticesSettings, ParticipantNotices, SaveNotices, ServerFrame } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, getJson, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';
import { startSmsHarness, textIn, type SmsHarness } from './sms-harness';

type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

const backends = await availableBackends();

const request = async (url: string, method: 'POST' | 'PUT', body: unknown, token?: string) => {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};

describe.each(backends)('the rights notice on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store, { retentionDays: 0 });
    await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery');
    admin = await signIn(server.url, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const acknowledge = (token: string) => request(`${server.url}/api/conversations/acknowledge`, 'POST', { token });
  const storedMessages = async (conversationId: string) =>
    (await ts.store.db.selectFrom('messages').select('client_id').where('conversation_id', '=', conversationId).execute()).map((r) => r.client_id);

  it('refuses a participant message before "I understand", stores nothing, then takes it once acknowledged', async () => {
    const participant = await startParticipant(server.url, { acknowledge: false });
    const conversationId = participant.started.conversationId;
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);

    const early = randomUUID();
    socket.send({ type: 'send', conversationId, clientId: early, body: await lc.encryptMessage(participant.keys, 'participant', early, { text: 'too early' }) });
    const refused = await socket.next<Frame<'error'>>((f) => f.type === 'error' && f.ref === early);
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/I understand/);
    expect(socket.frames.some((f) => f.type === 'ack')).toBe(false);
    expect(await storedMessages(conversationId)).toEqual([]);

    expect((await acknowledge(participant.started.token)).status).toBe(204);
    const later = randomUUID();
    socket.send({ type: 'send', conversationId, clientId: later, body: await lc.encryptMessage(participant.keys, 'participant', later, { text: 'now' }) });
    const ack = await socket.next<Frame<'ack'>>((f) => f.type === 'ack' && f.clientId === later);
    expect(ack.seq).toBe(1);
    expect(await storedMessages(conversationId)).toEqual([later]);
    socket.close();
  });

  it('takes "I understand" more than once without moving its time, and shows it to staff', async () => {
    const staff = await FrameSocket.connect(server.wsUrl, admin.session.token);
    const participant = await startParticipant(server.url, { acknowledge: false });
    const id = participant.started.conversationId;
    const listed = (acknowledged: boolean) => (f: ServerFrame) =>
      f.type === 'queue' && f.conversations.some((c: ConversationSummary) => c.id === id && c.rightsAcknowledged === acknowledged);
    await staff.next(listed(false));

    expect((await acknowledge(participant.started.token)).status).toBe(204);
    const first = await ts.store.db.selectFrom('conversations').select('rights_acknowledged_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(first.rights_acknowledged_at).toBeInstanceOf(Date);
    await staff.next(listed(true));

    expect((await acknowledge(participant.started.token)).status).toBe(204);
    const second = await ts.store.db.selectFrom('conversations').select('rights_acknowledged_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(second.rights_acknowledged_at!.getTime()).toBe(first.rights_acknowledged_at!.getTime());
    staff.close();
  });

  it('checks the acknowledgement: a malformed body is a 400, an unknown or ended conversation a 410', async () => {
    for (const body of ['{}', '{"token":"short"}', `{"token":"${'A'.repeat(43)}","extra":1}`, 'not json', '[]']) {
      const reply = await request(`${server.url}/api/conversations/acknowledge`, 'POST', body);
      expect({ body, status: reply.status }).toEqual({ body, status: 400 });
      expect(reply.body?.message).toEqual(expect.any(String));
    }
    expect((await acknowledge('A'.repeat(43))).status).toBe(410);
    const participant = await startParticipant(server.url, { acknowledge: false });
    await request(`${server.url}/api/conversations/end`, 'POST', { token: participant.started.token });
    expect((await acknowledge(participant.started.token)).status).toBe(410);
  });

  it('serves the built-in notices in each language, and the first language for one the program does not offer', async () => {
    const en = await getJson<ParticipantNotices>(`${server.url}/api/notices/en`);
    expect(en.body.rights).toMatch(/mandatory|must report/i);
    expect(en.body.safetyQuestion).toBe('Is it safe for you to chat on this device right now?');
    expect(en.body.questions).toEqual([]);
    const ar = await getJson<ParticipantNotices>(`${server.url}/api/notices/ar`);
    expect(ar.body.language).toBe('ar');
    expect(ar.body.safetyQuestion).toMatch(/الجهاز/);
    const other = await getJson<ParticipantNotices>(`${server.url}/api/notices/de`);
    expect(other.body.language).toBe('en');
    expect((await getJson(`${server.url}/api/notices/${'x'.repeat(40)}`)).status).toBe(400);
  });

  it('lets an admin change a notice and the questions, audited by notice and language without the words', async () => {
    const settings = (await getJson<NoticesSettings>(`${server.url}/api/admin/notices`, admin.session.token)).body;
    expect(settings.languages).toEqual(['en', 'fr', 'ar']);
    const rights = 'Nous sommes là pour vous écouter. Sentinel-rights-fr.';
    const change: SaveNotices = {
      notices: { ...settings.notices, fr: { ...settings.notices.fr!, rights } },
      questions: [
        { id: 'age', answer: 'choice', texts: { en: { question: 'How old are you?', why: 'To suggest services for your age.', choices: ['Under 18', '18 or over'] } } },
        { id: 'town', answer: 'text', texts: { en: { question: 'Which town?', why: 'To find help near you.', choices: [] }, fr: { question: 'Quelle ville ?', why: 'Pour trouver de l’aide près de vous.', choices: [] } } },
      ],
    };
    const saved = await request(`${server.url}/api/admin/notices`, 'PUT', change, admin.session.token);
    expect(saved.status).toBe(200);
    expect((saved.body as unknown as NoticesSettings).notices.fr!.rights).toBe(rights);

    const fr = (await getJson<ParticipantNotices>(`${server.url}/api/notices/fr`)).body;
    expect(fr.rights).toBe(rights);
    // A question without French words shows its English ones; a text question offers no choices.
    expect(fr.questions).toEqual([
      { id: 'age', answer: 'choice', question: 'How old are you?', why: 'To suggest services for your age.', choices: ['Under 18', '18 or over'] },
      { id: 'town', answer: 'text', question: 'Quelle ville ?', why: 'Pour trouver de l’aide près de vous.', choices: [] },
    ]);
    expect((await getJson<ParticipantNotices>(`${server.url}/api/notices/en`)).body.rights).toBe(settings.notices.en!.rights);

    // Only what differs from the built-in texts is kept.
    const row = await ts.store.db.selectFrom('program').select(['notices']).executeTakeFirstOrThrow();
    expect(row.notices).toEqual({ fr: { rights } });

    const audit = (await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token)).body;
    const entry = audit.entries.find((e) => e.action === 'notices.changed');
    expect(entry?.detail).toEqual({ notices: [{ language: 'fr', notice: 'rights' }], questions: 2 });
    expect(JSON.stringify(audit.entries)).not.toContain('Sentinel-rights-fr');

    // Saving the same again changes nothing and records nothing.
    await request(`${server.url}/api/admin/notices`, 'PUT', change, admin.session.token);
    const again = (await getJson<AuditReply>(`${server.url}/api/admin/audit`, admin.session.token)).body;
    expect(again.entries.filter((e) => e.action === 'notices.changed')).toHaveLength(1);
  });

  it('refuses notices for a language the program does not offer and questions it could not show', async () => {
    const settings = (await getJson<NoticesSettings>(`${server.url}/api/admin/notices`, admin.session.token)).body;
    const put = (body: SaveNotices) => request(`${server.url}/api/admin/notices`, 'PUT', body, admin.session.token);
    const text = { question: 'Q?', why: 'Because.', choices: [] };
    const cases: Array<[SaveNotices, RegExp]> = [
      [{ notices: { de: settings.notices.en! }, questions: [] }, /does not offer de/],
      [{ notices: {}, questions: [{ id: 'a', answer: 'choice', texts: { en: { ...text, choices: ['only one'] } } }] }, /at least two choices/],
      [{ notices: {}, questions: [{ id: 'a', answer: 'text', texts: { fr: text } }] }, /needs a text in en/],
      [{ notices: {}, questions: [{ id: 'a', answer: 'text', texts: { en: text } }, { id: 'a', answer: 'text', texts: { en: text } }] }, /another question has the id a/],
    ];
    for (const [body, reason] of cases) {
      const reply = await put(body);
      expect(reply.status).toBe(400);
      expect(reply.body?.message).toMatch(reason);
    }
    const blank = await put({ notices: { en: { ...settings.notices.en!, closing: '   ' } }, questions: [] });
    expect(blank.status).toBe(400);
  });

  it('publishes "what we keep" from the settings in force, in the asked language', async () => {
    const page = async (query = '') => {
      const response = await fetch(`${server.url}/about-this-chat${query}`);
      return { response, html: await response.text() };
    };
    const { response, html } = await page();
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toMatch(/no one can open its messages again/);
    expect(html).not.toMatch(/Text messages/);

    expect((await request(`${server.url}/api/admin/retention`, 'PUT', { days: 3 }, admin.session.token)).status).toBe(200);
    expect((await page()).html).toMatch(/kept for 3 days, then deleted/);
    const ar = await page('?lang=ar');
    expect(ar.html).toContain('<html lang="ar" dir="rtl">');
    expect(ar.html).toMatch(/3 أيام/);
    expect((await page('?lang=fr')).html).toContain('Nous sommes là pour vous écouter.');
    expect((await page('?lang=de')).html).toContain('<html lang="en"');
    await request(`${server.url}/api/admin/retention`, 'PUT', { days: 0 }, admin.session.token);
  });
});

describe.each(backends)('the SMS start and end notices on %s', (backend) => {
  let h: SmsHarness;
  beforeAll(async () => {
    h = await startSmsHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends the start notice an admin wrote, and counts it as the acknowledgement', async () => {
    const settings = (await getJson<NoticesSettings>(`${h.server.url}/api/admin/notices`, h.admin.session.token)).body;
    expect(settings.notices.en!.smsStart).toMatch(/you have reached our text line/);
    const smsStart = '{program}: welcome to our text line. Delete these texts if someone checks your phone.';
    const saved = await request(`${h.server.url}/api/admin/notices`, 'PUT', { notices: { en: { ...settings.notices.en!, smsStart } }, questions: [] }, h.admin.session.token);
    expect(saved.status).toBe(200);

    const socket = await FrameSocket.connect(h.server.wsUrl, h.advocate.session.token);
    const number = '+15555550166';
    expect((await textIn(h, number, 'hello')).status).toBe(200);
    await h.api.until(() => h.api.sent.some((s) => s.to === number));
    expect(h.api.sent.filter((s) => s.to === number).map((s) => s.text)).toEqual(['Harbor Line: welcome to our text line. Delete these texts if someone checks your phone.']);
    // Listed as acknowledged once the notice has gone, with nothing for the texter to press.
    await socket.next((f) => f.type === 'queue' && f.conversations.some((c) => c.channel === 'sms' && c.rightsAcknowledged === true));
    socket.close();
  });
});
