import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableBackends } from './support/backends';
import { dumpTables } from './support/scan';
import {
  PUBLIC_URL,
  TWILIO,
  startSmsHarness,
  telnyxHeaders,
  telnyxInbound,
  textIn,
  vonageInbound,
  vonageJwt,
  type SmsHarness,
} from './sms-harness';

const backends = await availableBackends();
const TWILIO_PATH = '/webhooks/sms/twilio';

/** Twilio's inbound Messaging parameters for one text. */
function twilioParams(from: string, body: string, messageSid = `SM${randomBytes(16).toString('hex')}`): Record<string, string> {
  return { MessageSid: messageSid, SmsSid: messageSid, AccountSid: TWILIO.accountSid, From: from, To: TWILIO.from, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
}

describe.each(backends)('SMS webhooks on %s', (backend) => {
  let h: SmsHarness;

  beforeAll(async () => {
    h = await startSmsHarness(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  const postTwilio = (params: Record<string, string>, signature: string | null) =>
    fetch(`${h.server.url}${TWILIO_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
      body: new URLSearchParams(params).toString(),
    });
  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${h.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const messageCount = async () => (await h.ts.store.db.selectFrom('messages').select('conversation_id').execute()).length;

  /** A refused webhook answers 403 and leaves every table as it was, and no text goes out. */
  async function refusedWithoutTrace(send: () => Promise<Response>) {
    const before = await dumpTables(h.ts.store.db);
    const sentBefore = h.api.sent.length;
    const response = await send();
    expect(response.status).toBe(403);
    expect(await dumpTables(h.ts.store.db)).toBe(before);
    expect(h.api.sent.length).toBe(sentBefore);
  }

  it('accepts a Twilio webhook signed by the official twilio helper, with or without the port in the URL', async () => {
    const before = await messageCount();
    const url = `${PUBLIC_URL}${TWILIO_PATH}`;
    const params = twilioParams('+15555550111', 'Signed by Twilio');
    const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, url, params);
    expect(twilio.validateRequest(TWILIO.authToken, signature, url, params)).toBe(true);
    const response = await postTwilio(params, signature);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await response.text()).toContain('<Response>');

    // Twilio may sign the URL with the port (":443") while PUBLIC_URL has none.
    const withPort = twilioParams('+15555550111', 'Signed with the port');
    const response2 = await postTwilio(withPort, twilio.getExpectedTwilioSignature(TWILIO.authToken, `https://lantern.example.org:443${TWILIO_PATH}`, withPort));
    expect(response2.status).toBe(200);
    expect(await messageCount()).toBe(before + 2);
  });

  it('refuses a Twilio webhook with a changed parameter, a wrong token or no signature, and writes nothing', async () => {
    const url = `${PUBLIC_URL}${TWILIO_PATH}`;
    const params = twilioParams('+15555550112', 'Original words');
    const signature = twilio.getExpectedTwilioSignature(TWILIO.authToken, url, params);
    await refusedWithoutTrace(() => postTwilio({ ...params, Body: 'Changed words' }, signature));
    await refusedWithoutTrace(() => postTwilio(params, twilio.getExpectedTwilioSignature('not-the-auth-token', url, params)));
    await refusedWithoutTrace(() => postTwilio(params, null));
    // Signed for another address: a webhook captured elsewhere is not valid here.
    await refusedWithoutTrace(() => postTwilio(params, twilio.getExpectedTwilioSignature(TWILIO.authToken, `https://elsewhere.example.org${TWILIO_PATH}`, params)));
  });

  it('accepts a Telnyx webhook signed with Ed25519 now, and refuses one six minutes old, unsigned or signed by another key', async () => {
    const before = await messageCount();
    const now = Math.floor(Date.now() / 1000);
    const body = telnyxInbound('+15555550113', 'Hello from Telnyx');
    expect((await post('/webhooks/sms/telnyx', body, telnyxHeaders(body, now))).status).toBe(200);
    expect(await messageCount()).toBe(before + 1);

    const stale = telnyxInbound('+15555550113', 'Replayed later');
    await refusedWithoutTrace(() => post('/webhooks/sms/telnyx', stale, telnyxHeaders(stale, now - 6 * 60)));
    await refusedWithoutTrace(() => post('/webhooks/sms/telnyx', stale, {}));
    await refusedWithoutTrace(() => post('/webhooks/sms/telnyx', stale, telnyxHeaders(stale, now, generateKeyPairSync('ed25519').privateKey)));
    const tampered = telnyxHeaders(stale, now);
    await refusedWithoutTrace(() => post('/webhooks/sms/telnyx', stale.replace('Replayed later', 'Replayed LATER'), tampered));
  });

  it('accepts a Vonage webhook with an HS256 token over the body, and refuses alg none, a wrong payload_hash or secret', async () => {
    const before = await messageCount();
    const body = vonageInbound('+15555550114', 'Hello from Vonage');
    expect((await post('/webhooks/sms/vonage', body, { authorization: `Bearer ${vonageJwt(body)}` })).status).toBe(200);
    expect(await messageCount()).toBe(before + 1);

    const other = vonageInbound('+15555550114', 'Forged');
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, { authorization: `Bearer ${vonageJwt(other, { alg: 'none' })}` }));
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, { authorization: `Bearer ${vonageJwt(other, { payloadHash: 'a'.repeat(64) })}` }));
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, { authorization: `Bearer ${vonageJwt(other, { secret: 'another-secret' })}` }));
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, { authorization: `Bearer ${vonageJwt(body)}` }));
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, { authorization: `Bearer ${vonageJwt(other, { iat: Math.floor(Date.now() / 1000) - 600 })}` }));
    await refusedWithoutTrace(() => post('/webhooks/sms/vonage', other, {}));
  });

  it('stores a retried webhook once, per provider message id', async () => {
    const start = await messageCount();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    for (let i = 0; i < 3; i++) expect((await textIn(h, '+15555550115', 'Sent once, delivered three times', sid)).status).toBe(200);
    // Concurrent retries too: the provider does not wait for our answer.
    const racing = `SM${randomBytes(16).toString('hex')}`;
    const replies = await Promise.all([0, 1, 2].map(() => textIn(h, '+15555550116', 'Raced', racing)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const telnyxId = randomUUID();
    const body = telnyxInbound('+15555550117', 'Telnyx retry', telnyxId);
    for (let i = 0; i < 2; i++) expect((await post('/webhooks/sms/telnyx', body, telnyxHeaders(body, Math.floor(Date.now() / 1000)))).status).toBe(200);
    expect(await messageCount()).toBe(start + 3);
    // Only a keyed hash of a provider id is kept for de-duplication, never the id itself.
    expect(await dumpTables(h.ts.store.db)).not.toContain(sid);
    expect(await dumpTables(h.ts.store.db)).not.toContain(telnyxId);
  });
});
