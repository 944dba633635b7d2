import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ServerFrame, SmsSetupReply, StatisticsReply, StatisticsTotals } from '@lantern/protocol';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import { FrameSocket, getJson, inviteMember, postJson, sendText, setupAdmin, signIn, startParticipant, type StaffKeys } from './support/clients';
import { dumpTables } from './support/scan';
import { startServer, type TestServer } from './support/server';
import { seedClosed } from './support/statistics-seed';
import { answerSms, eventually, staffSend, startSmsHarness, TELNYX, textIn, TWILIO, VONAGE, type SmsHarness } from './sms-harness';

const backends = await availableBackends();
const MINUTE = 60;

/** Every count the reply carries, with where it is: none may be a raw 1 to 4. */
function counts(reply: StatisticsReply): Array<[string, unknown]> {
  const totals = (where: string, t: StatisticsTotals): Array<[string, unknown]> => [
    ...(['started', 'answered', 'abandoned', 'outbound'] as const).map((k): [string, unknown] => [`${where}.${k}`, t[k]]),
    ...Object.entries(t.waitBands).map(([band, n]): [string, unknown] => [`${where}.waitBands.${band}`, n]),
  ];
  return [
    ...totals('total', reply.total),
    ...totals('web', reply.byChannel.web),
    ...totals('sms', reply.byChannel.sms),
    ...reply.hourOfWeek.flatMap((hours, d) => hours.map((n, h): [string, unknown] => [`hourOfWeek[${d}][${h}]`, n])),
    ...reply.byDay.flatMap((day) => (['started', 'answered', 'abandoned'] as const).map((k): [string, unknown] => [`${day.date}.${k}`, day[k]])),
  ];
}

describe.each(backends)('statistics on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let supervisor: StaffKeys;
  let advocate: StaffKeys;
  const url = (path: string) => `${server.url}${path}`;

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    supervisor = await inviteMember(server.url, admin, 'sam', 'supervisor password 1', 'supervisor');
    advocate = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
    // Toronto is UTC-5 until 8 March 2026: 15:20Z is 10:20 there.
    const hours = { timeZone: 'America/Toronto', weekly: { mon: [['09:00', '17:00']] }, exceptions: {} };
    const put = await fetch(url('/api/admin/hours'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
      body: JSON.stringify({ hours }),
    });
    expect(put.status).toBe(200);
    // Tuesday 3 March, 10:xx in Toronto: three web chats, two answered, one left unanswered.
    await seedClosed(ts.store.db, [
      { startedAt: new Date('2026-03-03T15:05:00Z'), answeredAfter: 40, closedAfter: 20 * MINUTE },
      { startedAt: new Date('2026-03-03T15:20:00Z'), answeredAfter: 200, closedAfter: 30 * MINUTE },
      { startedAt: new Date('2026-03-03T15:40:00Z'), answeredAfter: null, closedAfter: 3 * MINUTE },
    ]);
    // Wednesday 4 March, 14:xx in Toronto: seven texts, five answered, two abandoned; and one an advocate started.
    const wednesday = (minute: number) => new Date(Date.UTC(2026, 2, 4, 19, minute));
    await seedClosed(ts.store.db, [
      { channel: 'sms', startedAt: wednesday(1), answeredAfter: 30, closedAfter: 10 * MINUTE },
      { channel: 'sms', startedAt: wednesday(2), answeredAfter: 30, closedAfter: 12 * MINUTE },
      { channel: 'sms', startedAt: wednesday(3), answeredAfter: 120, closedAfter: 14 * MINUTE },
      { channel: 'sms', startedAt: wednesday(4), answeredAfter: 600, closedAfter: 16 * MINUTE },
      { channel: 'sms', startedAt: wednesday(5), answeredAfter: 2400, closedAfter: 48 * MINUTE },
      { channel: 'sms', startedAt: wednesday(6), answeredAfter: null, closedAfter: 5 * MINUTE },
      { channel: 'sms', startedAt: wednesday(7), answeredAfter: null, closedAfter: 9 * MINUTE },
      { channel: 'sms', startedAt: wednesday(8), answeredAfter: 0, closedAfter: 7 * MINUTE, outbound: true },
    ]);
    // The evening before, in UTC already the 3rd: it belongs to the 2nd in Toronto, outside the range.
    await seedClosed(ts.store.db, [{ startedAt: new Date('2026-03-03T02:30:00Z'), answeredAfter: 10, closedAfter: 60 }]);
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  const statistics = (token: string, query = 'from=2026-03-03&to=2026-03-04') => getJson<StatisticsReply>(url(`/api/admin/statistics?${query}`), token);

  it('shows "<5" for an hour with three conversations and 7 for one with seven, by local hour of the week', async () => {
    const { status, body } = await statistics(supervisor.session.token);
    expect(status).toBe(200);
    expect(body.timeZone).toBe('America/Toronto');
    // Monday first: Tuesday is row 1, Wednesday row 2.
    expect(body.hourOfWeek[1]![10]).toBe('<5');
    expect(body.hourOfWeek[2]![14]).toBe(7);
    expect(body.hourOfWeek.flat().filter((n) => n !== 0)).toHaveLength(2);
    expect(body.byDay).toEqual([
      { date: '2026-03-03', started: '<5', answered: '<5', abandoned: '<5' },
      { date: '2026-03-04', started: 7, answered: 5, abandoned: '<5' },
    ]);
    expect(body.total).toMatchObject({ started: 10, answered: 7, abandoned: '<5', outbound: '<5' });
    expect(body.byChannel.web).toMatchObject({ started: '<5', answered: '<5', meanWaitSeconds: null, medianWait: null, p90Wait: null });
    // Waits 30, 30, 120, 600, 2400 s: mean 636; the median in 1–5 min, the 90th percentile past 30 min.
    expect(body.byChannel.sms).toMatchObject({
      started: 7,
      answered: 5,
      abandoned: '<5',
      outbound: '<5',
      meanWaitSeconds: 636,
      meanAnsweredSeconds: Math.round((570 + 690 + 720 + 360 + 480) / 5),
      // Two left unanswered: too few for a mean.
      meanAbandonedAfterSeconds: null,
      waitBands: { under_1m: '<5', '1_to_5m': '<5', '5_to_15m': '<5', '15_to_30m': 0, '30m_plus': '<5' },
      medianWait: '1_to_5m',
      p90Wait: '30m_plus',
    });
    const small = counts(body).filter(([, n]) => typeof n === 'number' && n > 0 && n < 5);
    expect(small).toEqual([]);
  });

  it('counts by the program time zone, and in UTC when the program has no hours', async () => {
    const before = await statistics(admin.session.token, 'from=2026-03-02&to=2026-03-02');
    expect(before.body.total.started).toBe('<5');
    expect(before.body.hourOfWeek[0]![21]).toBe('<5');
    await postHours(null);
    const utc = await statistics(admin.session.token, 'from=2026-03-03&to=2026-03-03');
    expect(utc.body.timeZone).toBe('UTC');
    expect(utc.body.hourOfWeek[1]![15]).toBe('<5');
    expect(utc.body.hourOfWeek[1]![2]).toBe('<5');
    await postHours({ timeZone: 'America/Toronto', weekly: {}, exceptions: {} });
  });

  async function postHours(hours: unknown) {
    const response = await fetch(url('/api/admin/hours'), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.session.token}` },
      body: JSON.stringify({ hours }),
    });
    expect(response.status).toBe(200);
  }

  it('downloads the same suppressed aggregates as CSV, and records the export', async () => {
    const response = await fetch(url('/api/admin/statistics.csv?from=2026-03-03&to=2026-03-04'), { headers: { authorization: `Bearer ${supervisor.session.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="statistics-2026-03-03-to-2026-03-04.csv"');
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe('section,key,measure,value');
    expect(lines).toContain('hour_of_week,Tue 10:00,started,<5');
    expect(lines).toContain('hour_of_week,Wed 14:00,started,7');
    expect(lines).toContain('day,2026-03-03,started,<5');
    expect(lines).toContain('day,2026-03-04,answered,5');
    expect(lines).toContain('channel,sms,mean_wait_seconds,636');
    expect(lines).toContain('channel,web,mean_wait_seconds,');
    expect(lines).toContain('channel,sms,median_wait_band,1_to_5m');
    expect(lines).toContain('total,all,started,10');
    expect(lines).toHaveLength(1 + 3 + 3 * 14 + 2 * 3 + 7 * 24);
    // Every figure as the JSON has it: no raw count from 1 to 4, in any line.
    const figures = lines.slice(1).map((line) => line.split(','));
    expect(figures.filter(([section, , measure, value]) => section !== 'period' && !measure!.startsWith('mean_') && /^[1-4]$/.test(value!))).toEqual([]);

    const audit = await getJson<{ entries: Array<{ action: string; actorId: string; detail: Record<string, unknown> }> }>(url('/api/admin/audit'), admin.session.token);
    const exported = audit.body.entries.filter((e) => e.action === 'statistics.exported');
    expect(exported).toEqual([expect.objectContaining({ actorId: supervisor.session.me.id, detail: { from: '2026-03-03', to: '2026-03-04' } })]);
  });

  it('lets admins and supervisors read the statistics, and no one else', async () => {
    for (const path of ['/api/admin/statistics', '/api/admin/statistics.csv']) {
      const get = (token?: string) => fetch(url(`${path}?from=2026-03-03&to=2026-03-04`), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect((await get(admin.session.token)).status).toBe(200);
      expect((await get(supervisor.session.token)).status).toBe(200);
      expect((await get(advocate.session.token)).status).toBe(403);
      expect((await get()).status).toBe(401);
    }
  });

  it('refuses a range that is not one, with the reason', async () => {
    const refused = async (query: string, reason: RegExp) => {
      const reply = await getJson<{ error: string; message: string }>(url(`/api/admin/statistics?${query}`), admin.session.token);
      expect({ query, status: reply.status }).toEqual({ query, status: 400 });
      expect(reply.body.message).toMatch(reason);
    };
    await refused('from=2026-03-04&to=2026-03-03', /before/);
    await refused('from=2026-02-30&to=2026-03-03', /not a date/);
    await refused('from=2025-01-01&to=2026-03-03', /at most 366 days/);
    await refused('from=2026-03-01', /to/);
    await refused('from=2026-03-01&to=2026-03-02&channel=web', /additional/);
    await refused('from=yesterday&to=2026-03-02', /from/);
    await refused('from=9999-12-31&to=9999-12-31', /2000-01-01 to 2999-12-31/);
    // Any query string at all, date-shaped or not: a reply or a 4xx, never a crash.
    const dateShaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    const anyDate = fc.oneof(fc.string(), dateShaped);
    await fc.assert(
      fc.asyncProperty(anyDate, anyDate, async (from, to) => {
        const response = await fetch(url(`/api/admin/statistics.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`), {
          headers: { authorization: `Bearer ${admin.session.token}` },
        });
        expect(response.status).toBeOneOf([200, 400]);
      }),
      { numRuns: 100 },
    );
  });

  it('shows admins only the text line setup, which is off without a provider', async () => {
    expect((await getJson<SmsSetupReply>(url('/api/admin/sms-setup'), admin.session.token)).body).toEqual({ providers: [], afterHours: { on: false, notice: null }, serverKey: null });
    expect((await getJson(url('/api/admin/sms-setup'), supervisor.session.token)).status).toBe(403);
  });
});

/**
 * A run with web chats and texts, answered and not, and one an advocate texted first: the counts
 * are right per channel, and nothing that could point back at a conversation or a person is left
 * in the statistics (no conversation id, no number, no text, no column that could hold them).
 */
describe('what the statistics keep after web chats and texts', () => {
  let h: SmsHarness;
  const TEXTS = ['Statistics sentinel: the red gate by the mill.', 'Answer sentinel: meet at the library.', 'Web sentinel: the spare key is under the pot.'];
  const NUMBERS = ['+15555550161', '+15555550162', '+15555550163'];

  beforeAll(async () => {
    h = await startSmsHarness('pglite');
  });
  afterAll(async () => {
    await h?.close();
    for (const name of Object.keys(process.env)) if (/^(TWILIO|TELNYX|VONAGE|SMS)_/.test(name)) delete process.env[name];
  });

  it('counts each channel right and keeps no id, number or text in any statistics table', async () => {
    const { server, advocate } = h;
    const socket = await FrameSocket.connect(server.wsUrl, advocate.session.token);
    const ids: string[] = [];
    try {
      // A text answered and closed by the advocate.
      await textIn(h, NUMBERS[0]!, TEXTS[0]!);
      const answered = await answerSms(h, socket);
      ids.push(answered.id);
      expect((await staffSend(h, advocate, answered.id, TEXTS[1]!)).status).toBe(201);
      socket.send({ type: 'close', conversationId: answered.id });
      await socket.next((f) => f.type === 'closed' && f.conversationId === answered.id);
      // A text no one answered: the texter sends STOP.
      socket.frames.length = 0;
      await textIn(h, NUMBERS[1]!, 'hello?');
      const queue = await socket.next<Extract<ServerFrame, { type: 'queue' }>>(
        (f) => f.type === 'queue' && f.conversations.some((c) => c.channel === 'sms' && c.status === 'waiting'),
      );
      ids.push(queue.conversations.find((c) => c.status === 'waiting')!.id);
      await textIn(h, NUMBERS[1]!, 'STOP');
      // A number an advocate texts first.
      const outbound = await postJson<{ conversationId: string }>(`${server.url}/api/sms/conversations`, { number: NUMBERS[2], confirmNumber: NUMBERS[2] }, advocate.session.token);
      expect(outbound.status).toBe(201);
      ids.push(outbound.body.conversationId);
      expect((await staffSend(h, advocate, outbound.body.conversationId, 'Checking in as agreed.')).status).toBe(201);
      // Open in the console (subscribed), as an advocate would have it when they end it.
      socket.send({ type: 'sync', conversationId: outbound.body.conversationId, afterSeq: 0 });
      socket.send({ type: 'close', conversationId: outbound.body.conversationId });
      await socket.next((f) => f.type === 'closed' && f.conversationId === outbound.body.conversationId);
      // A web chat answered, and one closed before anyone answered.
      const web = await startParticipant(server.url);
      ids.push(web.started.conversationId);
      const participant = await FrameSocket.connect(server.wsUrl, web.started.token);
      socket.send({ type: 'claim', conversationId: web.started.conversationId });
      await participant.next((f) => f.type === 'conversation' && f.status === 'active');
      await sendText(participant, web.keys, 'participant', TEXTS[2]!);
      await participant.next((f) => f.type === 'ack');
      participant.send({ type: 'close', conversationId: web.started.conversationId });
      await participant.next((f) => f.type === 'closed');
      const gone = await startParticipant(server.url);
      ids.push(gone.started.conversationId);
      const leaving = await FrameSocket.connect(server.wsUrl, gone.started.token);
      leaving.send({ type: 'close', conversationId: gone.started.conversationId });
      await leaving.next((f) => f.type === 'closed');
      participant.close();
      leaving.close();
      await eventually(async () => (await h.ts.store.db.selectFrom('sms_conversations').select('id').execute()).length === 0);
    } finally {
      socket.close();
    }

    const db = h.ts.store.db;
    const rows = await db.selectFrom('conversation_stats').selectAll().execute();
    const sums = (channel: string) =>
      (['started', 'answered', 'abandoned', 'outbound'] as const).map((column) => rows.filter((r) => r.channel === channel).reduce((n, r) => n + Number(r[column]), 0));
    // Started, answered, abandoned (closed by STOP, or by the participant, before anyone answered), texted first by staff.
    expect(sums('sms')).toEqual([2, 1, 1, 1]);
    expect(sums('web')).toEqual([2, 1, 1, 0]);

    // The statistics tables hold counters by hour and channel, and nothing else.
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns where table_name = 'conversation_stats' order by column_name`.execute(db);
    const counters = ['abandoned', 'abandoned_seconds', 'answered', 'answered_seconds', 'duration_seconds', 'outbound', 'started', 'wait_seconds', 'waited_15_to_30m', 'waited_1_to_5m', 'waited_30m_plus', 'waited_5_to_15m', 'waited_under_1m'];
    expect(columns.rows.map((c) => c.column_name)).toEqual([...counters, 'channel', 'hour'].sort());
    for (const column of columns.rows) {
      if (counters.includes(column.column_name)) expect(column.data_type).toMatch(/^(integer|bigint)$/);
    }
    for (const row of rows) {
      expect(row.channel).toMatch(/^(web|sms)$/);
      expect(new Date(row.hour).getUTCMinutes()).toBe(0);
    }
    const stats = JSON.stringify(rows);
    const atRest = await dumpTables(db);
    for (const needle of [...ids, ...NUMBERS, ...NUMBERS.map((n) => n.slice(1)), ...TEXTS]) {
      expect(stats).not.toContain(needle);
      expect(atRest).not.toContain(needle);
    }

    // The aggregates, as a supervisor could read them today, say the same.
    const today = new Date().toISOString().slice(0, 10);
    const reply = await getJson<StatisticsReply>(`${server.url}/api/admin/statistics?from=${today}&to=${today}`, h.admin.session.token);
    expect(reply.body.byChannel.sms).toMatchObject({ started: '<5', answered: '<5', abandoned: '<5', outbound: '<5' });
  });

  it('shows the admin which providers are on, the webhook addresses and the after-hours reply, never a credential', async () => {
    const reply = await getJson<SmsSetupReply>(`${h.server.url}/api/admin/sms-setup`, h.admin.session.token);
    expect(reply.status).toBe(200);
    expect(reply.body.providers).toEqual([
      { name: 'twilio', number: TWILIO.from, webhookUrl: 'https://lantern.example.org/webhooks/sms/twilio', outbound: true },
      { name: 'telnyx', number: TELNYX.from, webhookUrl: 'https://lantern.example.org/webhooks/sms/telnyx', outbound: false },
      { name: 'vonage', number: VONAGE.from, webhookUrl: 'https://lantern.example.org/webhooks/sms/vonage', outbound: false },
    ]);
    expect(reply.body.afterHours.on).toBe(true);
    expect(reply.body.afterHours.notice).toMatch(/^Harbor Line: we are closed right now/);
    expect(reply.body.serverKey).toBe('database');
    const text = JSON.stringify(reply.body);
    for (const secret of [TWILIO.authToken, TWILIO.accountSid, TELNYX.apiKey, TELNYX.publicKey, VONAGE.apiKey, VONAGE.apiSecret, VONAGE.signatureSecret]) {
      expect(text).not.toContain(secret);
    }
    expect((await getJson(`${h.server.url}/api/admin/sms-setup`, h.advocate.session.token)).status).toBe(403);
  });
});
