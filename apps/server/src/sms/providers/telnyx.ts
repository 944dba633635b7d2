import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { TelnyxConfig } from '../config';
import { toE164 } from '../phone';
import { callApi, errorCode, field, parseJson, retryable } from './http';
import { ProviderError, header, type SmsProvider, type WebhookRequest, type WebhookResult } from './types';

/** Telnyx refuses webhooks older than five minutes: a captured one cannot be replayed later. */
export const TELNYX_TOLERANCE_SECONDS = 300;

/**
 * Telnyx Messaging (API v2): JSON webhooks signed with Ed25519 over `timestamp|body`
 * (telnyx-signature-ed25519, telnyx-timestamp), and the REST API for sending. Telnyx has no
 * per-message delete: its redaction is a messaging-profile setting (see docs/sms.md).
 */
export class TelnyxProvider implements SmsProvider {
  readonly name = 'telnyx';
  readonly webhookReply = { contentType: 'application/json', body: '{}' };
  private readonly publicKey: KeyObject;

  constructor(private readonly config: TelnyxConfig) {
    const raw = Buffer.from(config.publicKey, 'base64');
    if (raw.length !== 32) throw new Error('TELNYX_PUBLIC_KEY must be the 32-byte Ed25519 key in base64, as the Telnyx portal shows it');
    this.publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  }

  readWebhook(request: WebhookRequest): WebhookResult {
    const signature = header(request.headers, 'telnyx-signature-ed25519');
    const timestamp = header(request.headers, 'telnyx-timestamp');
    if (!signature || !timestamp) return { ok: false, reason: 'unsigned' };
    if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_signature' };
    const signed = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), request.rawBody]);
    const sig = Buffer.from(signature, 'base64');
    if (sig.length !== 64 || !verify(null, signed, this.publicKey, sig)) return { ok: false, reason: 'bad_signature' };
    if (Math.abs(request.now.getTime() / 1000 - Number(timestamp)) > TELNYX_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };

    const event = parseJson(request.rawBody);
    if (field(event, 'data', 'event_type') !== 'message.received') return { ok: true, text: null };
    const id = field(event, 'data', 'payload', 'id');
    const from = field(event, 'data', 'payload', 'from', 'phone_number');
    const text = field(event, 'data', 'payload', 'text');
    const e164 = typeof from === 'string' ? toE164(from, null) : null;
    if (typeof id !== 'string' || !e164 || typeof text !== 'string') return { ok: false, reason: 'malformed' };
    return { ok: true, text: { providerMessageId: id, from: e164, text } };
  }

  async send(to: string, text: string): Promise<string> {
    const reply = await callApi(`${this.config.apiBase}/v2/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: this.config.from, to, text }),
    });
    const id = field(reply.json, 'data', 'id');
    if (reply.status >= 300 || typeof id !== 'string') {
      throw new ProviderError(errorCode('telnyx', reply.status, field(reply.json, 'errors', 0, 'code')), retryable(reply.status));
    }
    return id;
  }
}
