import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import * as lc from '@lantern/crypto';
import type { ConversationSummary, MessageFrame, ServerFrame } from '@lantern/protocol';
import { FakeProviderApi } from '../../../tools/sms-sim/fake-api';
import type { Config } from '../src/config';
import { postTwilioWebhook } from '../../../tools/sms-sim/twilio-webhook';
import { openTestStore, type BackendName, type TestStore } from './support/backends';
import { FrameSocket, getJson, inviteMember, postJson, setupAdmin, signIn, type StaffKeys } from './support/clients';
import { startServer, type TestServer } from './support/server';

/** The SMS tests' server: every provider on, each pointed at a local fake of its API, and an admin and an advocate signed in. */

export const PUBLIC_URL = 'https://lantern.example.org';
export const TWILIO = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'twilio-test-auth-token', from: '+15555550100' };
export const VONAGE = { apiKey: 'vonage-key', apiSecret: 'vonage-secret', signatureSecret: 'vonage-signature-secret-0123456789', from: '15555550102' };
export const TELNYX_KEYS = generateKeyPairSync('ed25519');
export const TELNYX = {
  apiKey: 'KEYtelnyx',
  publicKey: Buffer.from(TELNYX_KEYS.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64'),
  from: '+15555550101',
};

export interface SmsHarness {
  ts: TestStore;
  server: TestServer;
  api: FakeProviderApi;
  admin: StaffKeys;
  advocate: StaffKeys;
  close(): Promise<void>;
}

/** Every provider on, each pointed at `apiUrl`: what a server reads from the environment to start SMS. */
export function smsEnv(apiUrl: string): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_FROM: TWILIO.from,
    TWILIO_API_BASE: apiUrl,
    TELNYX_API_KEY: TELNYX.apiKey,
    TELNYX_PUBLIC_KEY: TELNYX.publicKey,
    TELNYX_FROM: TELNYX.from,
    TELNYX_API_BASE: apiUrl,
    VONAGE_API_KEY: VONAGE.apiKey,
    VONAGE_API_SECRET: VONAGE.apiSecret,
    VONAGE_SIGNATURE_SECRET: VONAGE.signatureSecret,
    VONAGE_FROM: VONAGE.from,
    VONAGE_API_BASE: apiUrl,
    SMS_PROVIDER: 'twilio',
    // The STOP list's key lives outside the database; a test keeps its own out of the worktree.
    STOP_LIST_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'lantern-stop-list-')), 'stop-list.key'),
  };
}

export async function startSmsHarness(backend: BackendName, env: Record<string, string> = {}, config: Partial<Config> = {}): Promise<SmsHarness> {
  const api = new FakeProviderApi({ twilio: TWILIO, telnyx: { apiKey: TELNYX.apiKey }, vonage: VONAGE });
  const apiUrl = await api.start();
  Object.assign(process.env, { ...smsEnv(apiUrl), ...env });
  const ts = await openTestStore(backend);
  const server = await startServer(ts.store, { publicUrl: PUBLIC_URL, programName: 'Harbor Line', ...config });
  await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery');
  const admin = await signIn(server.url, 'admin', 'correct horse battery');
  const advocate = await inviteMember(server.url, admin, 'avery', 'advocate password 1');
  return {
    ts,
    server,
    api,
    admin,
    advocate,
    async close() {
      await server.close();
      await api.close();
      await ts.dispose();
    },
  };
}

/** A text from `from` to the Twilio number, as Twilio posts it. */
export const textIn = (h: SmsHarness, from: string, body: string, messageSid?: string) =>
  postTwilioWebhook({ target: h.server.url, publicUrl: PUBLIC_URL, accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, from, to: TWILIO.from, body, ...(messageSid ? { messageSid } : {}) });

/** Telnyx's signature: Ed25519 over `timestamp|body`, base64. */
export function telnyxHeaders(body: string, timestamp: number, key: KeyObject = TELNYX_KEYS.privateKey): Record<string, string> {
  return {
    'content-type': 'application/json',
    'telnyx-timestamp': String(timestamp),
    'telnyx-signature-ed25519': sign(null, Buffer.from(`${timestamp}|${body}`), key).toString('base64'),
  };
}

export function telnyxInbound(from: string, text: string, id: string = randomUUID()): string {
  return JSON.stringify({
    data: {
      event_type: 'message.received',
      id: randomUUID(),
      occurred_at: new Date().toISOString(),
      payload: { id, direction: 'inbound', type: 'SMS', from: { phone_number: from }, to: [{ phone_number: TELNYX.from }], text },
      record_type: 'event',
    },
    meta: { attempt: 1 },
  });
}

/** Vonage's signed webhook: a JWT in Authorization whose payload_hash is the body's SHA-256. */
export function vonageJwt(body: string, options: { alg?: string; secret?: string; payloadHash?: string; iat?: number } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'HS256', typ: 'JWT' })).toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({
      iat: options.iat ?? Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      iss: 'Vonage',
      payload_hash: options.payloadHash ?? createHash('sha256').update(body).digest('hex'),
      api_key: VONAGE.apiKey,
      application_id: randomUUID(),
    }),
  ).toString('base64url');
  const signature = options.alg === 'none' ? '' : createHmac('sha256', options.secret ?? VONAGE.signatureSecret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

export function vonageInbound(from: string, text: string, id: string = randomUUID()): string {
  return JSON.stringify({ channel: 'sms', message_uuid: id, to: VONAGE.from, from: from.replace(/^\+/, ''), timestamp: new Date().toISOString(), text, message_type: 'text' });
}

export type Frame<K extends ServerFrame['type']> = Extract<ServerFrame, { type: K }>;

/** The advocate's socket answers the waiting SMS conversation and reads its messages. */
export async function answerSms(h: SmsHarness, socket: FrameSocket, match: (c: ConversationSummary) => boolean = (c) => c.channel === 'sms') {
  const queue = await socket.next<Frame<'queue'>>((f) => f.type === 'queue' && f.conversations.some((c) => match(c) && c.status === 'waiting'));
  const summary = queue.conversations.find((c) => match(c) && c.status === 'waiting')!;
  socket.send({ type: 'claim', conversationId: summary.id });
  await socket.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === summary.id && c.status === 'active'));
  socket.send({ type: 'sync', conversationId: summary.id, afterSeq: 0 });
  return summary;
}

/** What the console does with an SMS message: open it with the conversation's keys, as a web chat's. */
export async function openSms(keys: lc.ConversationKeys, frame: MessageFrame): Promise<string> {
  return (await lc.decryptMessage(keys, frame.sender, frame.clientId, frame.body)).text;
}

export const staffSend = (h: SmsHarness, staff: StaffKeys, conversationId: string, text: string, clientId = randomUUID()) =>
  postJson<{ seq?: number; error?: string; message?: string }>(`${h.server.url}/api/sms/conversations/${conversationId}/messages`, { clientId, text }, staff.session.token);

export const smsDetails = (h: SmsHarness, staff: StaffKeys, conversationId: string) =>
  getJson<{ provider: string; number: string; stopped: boolean }>(`${h.server.url}/api/sms/conversations/${conversationId}`, staff.session.token);

/** Waits for a condition the server reaches in the background (a cleanup after close). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
