import { createHash, createHmac, randomUUID, sign } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import * as lc from '@lantern/crypto';
import {
  AcceptInvite,
  AcknowledgeRights,
  AuthFrame,
  CannedInput,
  ChangePassword,
  ClaimFrame,
  CloseFrame,
  ConsentFrame,
  CreateInvite,
  EndConversation,
  IssueCodeWord,
  LookupCodeWord,
  SetCodeWord,
  GrantUpload,
  Login,
  PingFrame,
  PreLogin,
  RedeemInterpreter,
  RotateProgramKey,
  RoutingSettings,
  SetAvailability,
  SetShiftEnd,
  SetParticipantName,
  SaveNotices,
  SendFrame,
  SendSms,
  StartOutbound,
  SetHours,
  SetRetention,
  SetStatus,
  Setup,
  StartConversation,
  SuperviseRequest,
  SyncFrame,
  TransferRequest,
} from '@lantern/protocol';
import { FakeProviderApi } from '../../../tools/sms-sim/fake-api';
import { twilioSignature } from '../../../tools/sms-sim/twilio-webhook';
import { PUBLIC_URL, smsEnv, TELNYX, TELNYX_KEYS, TWILIO, VONAGE } from './sms-harness';
import { openTestStore, type TestStore } from './support/backends';
import { FrameSocket, setupAdmin, signIn, startParticipant, type Participant, type StaffKeys } from './support/clients';
import { dumpTables } from './support/scan';
import { startServer, type TestServer } from './support/server';

/** Signed-in requests mark the session as active (the idle time-out): that is not a write the fuzzing made. */
const SESSION_ACTIVITY = ['staff_sessions.last_seen_at'];

const RUNS = 150;

/** Bodies that break the schema: a field swapped for anything, a field dropped, a field added, or no object at all. */
function malformed(schema: TSchema, valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const mutated = fc.oneof(
    fc.record({ key: fc.constantFrom(...keys), value: fc.anything() }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.record({ key: fc.string({ minLength: 1 }), value: fc.jsonValue() }).map(({ key, value }) => ({ ...valid, [key]: value })),
    fc.jsonValue(),
    fc.anything(),
  );
  // Checked as it will arrive: JSON turns NaN into null, and null may be valid ({"hours": null}).
  return mutated.filter((body) => {
    const wire = JSON.stringify(body);
    return wire === undefined || !Value.Check(schema, JSON.parse(wire));
  });
}

/** The raw text on the wire: JSON of a malformed value, or any string at all. */
const asText = (value: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 4, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') }, { weight: 1, arbitrary: fc.string({ unit: 'binary' }) });

describe('malformed input', () => {
  let ts: TestStore;
  let server: TestServer;
  let admin: StaffKeys;
  let participant: Participant;
  let before: string;
  let providerApi: FakeProviderApi;

  beforeAll(async () => {
    // With SMS on, so its webhooks and staff routes are in the route table the guard below checks.
    providerApi = new FakeProviderApi({ twilio: TWILIO, telnyx: { apiKey: TELNYX.apiKey }, vonage: VONAGE });
    Object.assign(process.env, smsEnv(await providerApi.start()));
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { publicUrl: PUBLIC_URL });
    await setupAdmin(server.url, server.setupToken);
    admin = await signIn(server.url, 'admin', 'correct horse battery');
    participant = await startParticipant(server.url);
    before = await dumpTables(ts.store.db, SESSION_ACTIVITY);
  });

  afterAll(async () => {
    await server?.close();
    await providerApi?.close();
    await ts?.dispose();
  });

  const key = 'B'.repeat(87);
  const token = 'A'.repeat(43);
  const kdf = { salt: 'A'.repeat(22), iterations: 600_000 };
  const staffKey = { publicKey: key, wrappedPrivateKey: 'W'.repeat(100) };
  const totp = { secret: 'A'.repeat(32), code: '123456' };
  const routes: Array<{ name: string; method?: 'POST' | 'PUT'; path: () => string; schema: TSchema; valid: Record<string, unknown>; auth: boolean }> = [
    { name: '/api/conversations', path: () => '/api/conversations', schema: StartConversation, valid: { participantKey: key }, auth: false },
    {
      name: '/api/setup',
      path: () => '/api/setup',
      schema: Setup,
      valid: { setupToken: token, username: 'fuzz', displayName: 'F', kdf, loginProof: token, staffKey, programKey: { publicKey: key, grant: 'G'.repeat(100) }, totp },
      auth: false,
    },
    {
      name: '/api/staff/accept',
      path: () => '/api/staff/accept',
      schema: AcceptInvite,
      valid: { inviteToken: token, username: 'fuzz', displayName: 'F', kdf, loginProof: token, staffKey, totp },
      auth: false,
    },
    { name: '/api/staff/prelogin', path: () => '/api/staff/prelogin', schema: PreLogin, valid: { username: 'admin' }, auth: false },
    { name: '/api/staff/login', path: () => '/api/staff/login', schema: Login, valid: { username: 'admin', loginProof: token, totpCode: '123456' }, auth: false },
    {
      name: '/api/staff/password',
      path: () => '/api/staff/password',
      schema: ChangePassword,
      valid: { currentProof: token, totpCode: '123456', kdf, loginProof: token, wrappedPrivateKey: 'W'.repeat(100) },
      auth: true,
    },
    { name: '/api/staff/invites', path: () => '/api/staff/invites', schema: CreateInvite, valid: { role: 'advocate' }, auth: true },
    { name: '/api/code-words', path: () => '/api/code-words', schema: IssueCodeWord, valid: { conversationId: randomUUID(), reference: 'ABCD2345' }, auth: true },
    { name: '/api/code-words/lookup', path: () => '/api/code-words/lookup', schema: LookupCodeWord, valid: { reference: 'ABCD2345', conversationId: randomUUID() }, auth: true },
    { name: '/api/code-words/set', path: () => '/api/code-words/set', schema: SetCodeWord, valid: { reference: 'ABCD2345', setToken: token, token, epoch: 1, sealed: 'S'.repeat(467) }, auth: false },
    { name: '/api/sms/conversations', path: () => '/api/sms/conversations', schema: StartOutbound, valid: { number: '+15555550123', confirmNumber: '+15555550123' }, auth: true },
    {
      name: '/api/sms/conversations/:id/messages',
      path: () => `/api/sms/conversations/${participant.started.conversationId}/messages`,
      schema: SendSms,
      valid: { clientId: randomUUID(), text: 'hello' },
      auth: true,
    },
    { name: '/api/admin/canned', path: () => '/api/admin/canned', schema: CannedInput, valid: { title: 'Closing', text: 'Take care.', language: 'en' }, auth: true },
    { name: '/api/admin/canned/:id', method: 'PUT', path: () => `/api/admin/canned/${randomUUID()}`, schema: CannedInput, valid: { title: 'Closing', text: 'Take care.', language: 'en' }, auth: true },
    { name: '/api/staff/members/:id/grants', path: () => `/api/staff/members/${admin.session.me.id}/grants`, schema: GrantUpload, valid: { epoch: 1, sealed: 'S'.repeat(100) }, auth: true },
    { name: '/api/conversations/end', path: () => '/api/conversations/end', schema: EndConversation, valid: { token }, auth: false },
    { name: '/api/interpreter/redeem', path: () => '/api/interpreter/redeem', schema: RedeemInterpreter, valid: { token }, auth: false },
    {
      name: '/api/conversations/:id/transfer',
      path: () => `/api/conversations/${participant.started.conversationId}/transfer`,
      schema: TransferRequest,
      valid: { toStaffId: randomUUID(), note: 'N'.repeat(200) },
      auth: true,
    },
    { name: '/api/conversations/:id/supervise', path: () => `/api/conversations/${participant.started.conversationId}/supervise`, schema: SuperviseRequest, valid: { action: 'watch' }, auth: true },
    { name: '/api/conversations/acknowledge', path: () => '/api/conversations/acknowledge', schema: AcknowledgeRights, valid: { token }, auth: false },
    {
      name: '/api/admin/notices',
      method: 'PUT',
      path: () => '/api/admin/notices',
      schema: SaveNotices,
      valid: { notices: {}, questions: [{ id: 'q1', answer: 'text', texts: { en: { question: 'Q?', why: 'W', choices: [] } } }] },
      auth: true,
    },
    {
      name: '/api/admin/program-keys',
      path: () => '/api/admin/program-keys',
      schema: RotateProgramKey,
      valid: { epoch: 2, publicKey: key, grants: [{ staffId: randomUUID(), sealed: 'S'.repeat(100) }] },
      auth: true,
    },
    { name: '/api/admin/retention', method: 'PUT', path: () => '/api/admin/retention', schema: SetRetention, valid: { days: 30 }, auth: true },
    { name: '/api/admin/status', method: 'PUT', path: () => '/api/admin/status', schema: SetStatus, valid: { override: 'emergency', message: 'x' }, auth: true },
    { name: '/api/staff/availability', method: 'PUT', path: () => '/api/staff/availability', schema: SetAvailability, valid: { available: false }, auth: true },
    { name: '/api/staff/shift', method: 'PUT', path: () => '/api/staff/shift', schema: SetShiftEnd, valid: { shiftEndsAt: null }, auth: true },
    { name: '/api/staff/me/participant-name', method: 'PUT', path: () => '/api/staff/me/participant-name', schema: SetParticipantName, valid: { participantName: 'Ada' }, auth: true },
    { name: '/api/admin/routing', method: 'PUT', path: () => '/api/admin/routing', schema: RoutingSettings, valid: { conversationCap: 3, shiftEndMarginMinutes: 30 }, auth: true },
    {
      name: '/api/admin/hours',
      method: 'PUT',
      path: () => '/api/admin/hours',
      schema: SetHours,
      valid: { hours: { timeZone: 'UTC', weekly: { mon: [['09:00', '17:00']] }, exceptions: {} } },
      auth: true,
    },
  ];

  /** Bodies no provider would send as a text: any form fields, or any JSON. */
  const anyForm = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 })).map((fields) => new URLSearchParams(fields).toString());
  const anyJson = fc.jsonValue().map((value) => JSON.stringify(value));
  const twilioUrl = `${PUBLIC_URL}/webhooks/sms/twilio`;
  const webhooks: Array<{ provider: string; signed: boolean; contentType: string; body: fc.Arbitrary<string>; sign: (body: string) => Record<string, string> }> = [
    ...[false, true].flatMap((signed) => [
      {
        provider: 'twilio',
        signed,
        contentType: 'application/x-www-form-urlencoded',
        body: anyForm,
        sign: (body: string) => ({ 'x-twilio-signature': twilioSignature(TWILIO.authToken, twilioUrl, Object.fromEntries(new URLSearchParams(body))) }),
      },
      {
        provider: 'telnyx',
        signed,
        contentType: 'application/json',
        body: anyJson,
        sign: (body: string) => {
          const timestamp = Math.floor(Date.now() / 1000);
          return { 'telnyx-timestamp': String(timestamp), 'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), TELNYX_KEYS.privateKey).toString('base64') };
        },
      },
      {
        provider: 'vonage',
        signed,
        contentType: 'application/json',
        body: anyJson,
        sign: (body: string) => {
          const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
          const claims = Buffer.from(
            JSON.stringify({ iat: Math.floor(Date.now() / 1000), jti: randomUUID(), payload_hash: createHash('sha256').update(body).digest('hex') }),
          ).toString('base64url');
          const signature = createHmac('sha256', VONAGE.signatureSecret).update(`${header}.${claims}`).digest('base64url');
          return { authorization: `Bearer ${header}.${claims}.${signature}` };
        },
      },
    ]),
    { provider: 'nobody', signed: false, contentType: 'application/json', body: anyJson, sign: () => ({}) },
  ];

  it('covers every route that takes a body', () => {
    const fuzzed = new Set(routes.map((r) => `${r.method ?? 'POST'} ${r.name}`));
    // These take no body: their path and token are checked by the role test and the path fuzz below.
    const bodiless = new Set(['POST /api/sms/conversations/:id/reveal', 'POST /api/sms/deletions/retry', 'POST /api/transfers/notes/open', 'POST /api/conversations/:id/supervisor-request', 'POST /api/debrief', 'DELETE /api/admin/canned/:id', 'DELETE /api/staff/invites/:id', 'POST /api/staff/logout', 'POST /api/staff/members/:id/deactivate', 'POST /api/conversations/:id/interpreter', 'DELETE /api/conversations/:id/interpreter']);
    if (webhooks.length > 0) fuzzed.add('POST /webhooks/sms/:provider');
    const withBody = server.routes.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);
    expect(withBody).toContain('POST /webhooks/sms/:provider');
    expect(withBody).toContain('POST /api/sms/conversations');
    expect(withBody.filter((r) => !fuzzed.has(r) && !bodiless.has(r))).toEqual([]);
  });

  it.each(webhooks.map((w) => [`${w.provider} ${w.signed ? 'signed' : 'unsigned'}`, w] as const))(
    // Unsigned: refused. Signed but not a text (a provider also posts delivery events): acknowledged or refused, never a crash.
    'the %s SMS webhook answers anything but a text without a 5xx, and unsigned with a 4xx and a reason',
    async (_name, webhook) => {
      await fc.assert(
        fc.asyncProperty(webhook.body, async (body) => {
          const response = await fetch(`${server.url}/webhooks/sms/${webhook.provider}`, {
            method: 'POST',
            headers: { 'content-type': webhook.contentType, ...(webhook.signed ? webhook.sign(body) : {}) },
            body,
          });
          expect(response.status).toBeLessThan(500);
          if (!webhook.signed) expect(response.status).toBeGreaterThanOrEqual(400);
          if (response.status >= 400) expect(((await response.json()) as { message: string }).message.length).toBeGreaterThan(0);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each(routes.map((r) => [r.name, r] as const))(
    '%s answers a 4xx with a reason',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(asText(malformed(route.schema, route.valid)), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'), async (text, type) => {
          const response = await fetch(`${server.url}${route.path()}`, {
            method: route.method ?? 'POST',
            headers: { 'content-type': type, ...(route.auth ? { authorization: `Bearer ${admin.session.token}` } : {}) },
            body: text,
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          const reply = (await response.json()) as { error: string; message: string };
          expect(typeof reply.error).toBe('string');
          expect(reply.message.length).toBeGreaterThan(0);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('answers any path, method and bearer with 4xx or a page, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.oneof(fc.webPath(), fc.constantFrom('/api/staff/me', '/api/staff/members', '/api/staff/logout', '/api/staff/members/x/grants', '/ws')),
        fc.option(fc.string(), { nil: undefined }),
        async (method, path, bearer) => {
          const response = await fetch(`${server.url}${path.startsWith('/') ? path : `/${path}`}`, {
            method,
            headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer.replace(/[^\x20-\x7e]/g, '')}` },
          });
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  const frameSchemas: Array<[string, TSchema, () => Record<string, unknown>]> = [
    ['auth', AuthFrame, () => ({ type: 'auth', token })],
    ['send', SendFrame, () => ({ type: 'send', conversationId: participant.started.conversationId, clientId: randomUUID(), body: 'AAAA' })],
    ['sync', SyncFrame, () => ({ type: 'sync', conversationId: participant.started.conversationId, afterSeq: 0 })],
    ['claim', ClaimFrame, () => ({ type: 'claim', conversationId: participant.started.conversationId })],
    ['close', CloseFrame, () => ({ type: 'close', conversationId: participant.started.conversationId })],
    ['ping', PingFrame, () => ({ type: 'ping' })],
    ['consent', ConsentFrame, () => ({ type: 'consent', conversationId: participant.started.conversationId, accept: true })],
  ];

  it.each(frameSchemas)('answers a malformed %s frame with a bad_frame error and keeps the socket', async (_type, schema, valid) => {
    const sockets = {
      anonymous: await FrameSocket.connect(server.wsUrl),
      participant: await FrameSocket.connect(server.wsUrl, participant.started.token),
      staff: await FrameSocket.connect(server.wsUrl, admin.session.token),
    };
    for (const socket of Object.values(sockets)) {
      let replies = 0;
      await fc.assert(
        fc.asyncProperty(asText(malformed(schema, valid())), async (text) => {
          const seen = socket.frames.length;
          socket.send(text);
          socket.send({ type: 'ping' });
          const pong = await socket.next((f) => f.type === 'pong' && socket.frames.indexOf(f) >= seen);
          const answer = socket.frames.slice(seen, socket.frames.indexOf(pong));
          expect(answer).toEqual([expect.objectContaining({ type: 'error', code: 'bad_frame' })]);
          socket.frames.length = 0;
          replies++;
        }),
        { numRuns: 60 },
      );
      expect(replies).toBe(60);
      socket.send(Buffer.from([0xff, 0x00, 0x13]));
      expect(await socket.next((f) => f.type === 'error')).toMatchObject({ code: 'bad_frame' });
    }
    for (const socket of Object.values(sockets)) socket.close();
  });

  it('wrote nothing and still serves', async () => {
    expect(await dumpTables(ts.store.db, SESSION_ACTIVITY)).toBe(before);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // The participant's own conversation still works after all that.
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    const clientId = randomUUID();
    socket.send({ type: 'send', conversationId: participant.started.conversationId, clientId, body: await lc.encryptMessage(participant.keys, 'participant', clientId, { text: 'still here' }) });
    expect(await socket.next((f) => f.type === 'ack')).toMatchObject({ clientId, seq: 1 });
    socket.close();
  });
});
