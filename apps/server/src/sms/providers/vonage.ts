import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VonageConfig } from '../config';
import { toE164 } from '../phone';
import { basicAuth, callApi, errorCode, field, parseJson, retryable } from './http';
import { ProviderError, header, type SmsProvider, type WebhookRequest, type WebhookResult } from './types';

/** A token older than this is refused, as Telnyx's are: a captured webhook cannot be replayed later. */
const VONAGE_TOLERANCE_SECONDS = 300;

/**
 * Vonage Messages API: JSON webhooks with a JWT (HS256, the signature secret) in Authorization
 * whose `payload_hash` is the SHA-256 of the body; the REST API for sending; the Redact API after close.
 */
export class VonageProvider implements SmsProvider {
  readonly name = 'vonage';
  readonly webhookReply = { contentType: 'application/json', body: '{}' };

  constructor(private readonly config: VonageConfig) {}

  readWebhook(request: WebhookRequest): WebhookResult {
    const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header(request.headers, 'authorization') ?? '');
    if (!match) return { ok: false, reason: 'unsigned' };
    const [, head, body, signature] = match as unknown as [string, string, string, string];
    // Only HS256: a token that names another algorithm (or "none") is refused before anything else is read.
    if (field(decodeSegment(head), 'alg') !== 'HS256') return { ok: false, reason: 'bad_signature' };
    const expected = createHmac('sha256', this.config.signatureSecret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };

    const claims = decodeSegment(body);
    const hash = field(claims, 'payload_hash');
    const actual = Buffer.from(createHash('sha256').update(request.rawBody).digest('hex'));
    if (typeof hash !== 'string' || hash.length !== actual.length || !timingSafeEqual(Buffer.from(hash.toLowerCase()), actual)) {
      return { ok: false, reason: 'bad_signature' };
    }
    const apiKey = field(claims, 'api_key');
    if (apiKey !== undefined && apiKey !== this.config.apiKey) return { ok: false, reason: 'bad_signature' };
    const iat = field(claims, 'iat');
    if (typeof iat !== 'number' || Math.abs(request.now.getTime() / 1000 - iat) > VONAGE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };

    const message = parseJson(request.rawBody);
    // Status webhooks (delivered, read) carry no text.
    if (field(message, 'channel') !== 'sms' || field(message, 'message_type') !== 'text') return { ok: true, text: null };
    const id = field(message, 'message_uuid');
    const from = field(message, 'from');
    const text = field(message, 'text');
    const e164 = typeof from === 'string' ? toE164(from, null) : null;
    if (typeof id !== 'string' || !e164 || typeof text !== 'string') return { ok: false, reason: 'malformed' };
    return { ok: true, text: { providerMessageId: id, from: e164, text } };
  }

  async send(to: string, text: string): Promise<string> {
    const reply = await callApi(`${this.config.apiBase}/v1/messages`, {
      method: 'POST',
      headers: { authorization: this.auth(), 'content-type': 'application/json' },
      // Vonage writes numbers without the +.
      body: JSON.stringify({ message_type: 'text', channel: 'sms', to: to.replace(/^\+/, ''), from: this.config.from.replace(/^\+/, ''), text }),
    });
    const id = field(reply.json, 'message_uuid');
    if (reply.status >= 300 || typeof id !== 'string') {
      throw new ProviderError(errorCode('vonage', reply.status, field(reply.json, 'title')), retryable(reply.status));
    }
    return id;
  }

  async deleteMessage(id: string, direction: 'inbound' | 'outbound'): Promise<void> {
    const reply = await callApi(`${this.config.apiBase}/v1/redact/transaction`, {
      method: 'POST',
      headers: { authorization: this.auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ id, product: 'messages', type: direction }),
    });
    if (reply.status === 204 || reply.status === 200) return;
    throw new ProviderError(errorCode('vonage', reply.status, field(reply.json, 'title')), true);
  }

  private auth(): string {
    return basicAuth(this.config.apiKey, this.config.apiSecret);
  }
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}
