import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TwilioConfig } from '../config';
import { toE164 } from '../phone';
import { basicAuth, callApi, errorCode, field, retryable } from './http';
import { ProviderError, header, type SmsProvider, type WebhookRequest, type WebhookResult } from './types';

type Params = Record<string, string[]>;

/**
 * Twilio Programmable Messaging: form-encoded webhooks signed with X-Twilio-Signature
 * (HMAC-SHA1 with the auth token over the URL and the sorted POST parameters), the REST API
 * for sending, and DELETE of the Message resource after close.
 */
export class TwilioProvider implements SmsProvider {
  readonly name = 'twilio';
  readonly webhookReply = { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' };

  constructor(private readonly config: TwilioConfig) {}

  readWebhook(request: WebhookRequest): WebhookResult {
    const signature = header(request.headers, 'x-twilio-signature');
    if (!signature) return { ok: false, reason: 'unsigned' };
    const params = formParams(request.rawBody);
    const given = Buffer.from(signature);
    const valid = urlVariants(request.url).some((url) => {
      const expected = Buffer.from(twilioSignature(this.config.authToken, url, params));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid) return { ok: false, reason: 'bad_signature' };
    // The token signs for one account; a valid signature naming another account is not ours to take.
    if (params.AccountSid?.[0] !== this.config.accountSid) return { ok: false, reason: 'bad_signature' };
    const id = params.MessageSid?.[0] ?? params.SmsSid?.[0];
    const body = params.Body?.[0];
    // Status callbacks are signed too but carry no Body: nothing to store.
    if (!id || body === undefined) return { ok: true, text: null };
    const from = toE164(params.From?.[0] ?? '', null);
    if (!from) return { ok: false, reason: 'malformed' };
    return { ok: true, text: { providerMessageId: id, from, text: body } };
  }

  async send(to: string, text: string): Promise<string> {
    const reply = await callApi(`${this.messagesUrl()}.json`, {
      method: 'POST',
      headers: { authorization: this.auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: to, From: this.config.from, Body: text }).toString(),
    });
    const sid = field(reply.json, 'sid');
    if (reply.status >= 300 || typeof sid !== 'string') {
      throw new ProviderError(errorCode('twilio', reply.status, field(reply.json, 'code')), retryable(reply.status));
    }
    return sid;
  }

  async deleteMessage(sid: string): Promise<void> {
    const reply = await callApi(`${this.messagesUrl()}/${encodeURIComponent(sid)}.json`, {
      method: 'DELETE',
      headers: { authorization: this.auth() },
    });
    // 404: already gone. Twilio refuses to delete a message still on its way (a 4xx): retried later.
    if (reply.status === 204 || reply.status === 404) return;
    throw new ProviderError(errorCode('twilio', reply.status, field(reply.json, 'code')), true);
  }

  private messagesUrl(): string {
    return `${this.config.apiBase}/2010-04-01/Accounts/${encodeURIComponent(this.config.accountSid)}/Messages`;
  }

  private auth(): string {
    return basicAuth(this.config.accountSid, this.config.authToken);
  }
}

/** Twilio's algorithm: the URL, then each parameter name followed by its values (sorted), HMAC-SHA1, base64. */
export function twilioSignature(authToken: string, url: string, params: Params): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + [...new Set(params[key])].sort().map((value) => key + value).join(''), url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** No prototype: a field named `constructor` or `__proto__` is a field like any other (it crashed the webhook). */
function formParams(raw: Buffer): Params {
  const params = Object.create(null) as Params;
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) (params[key] ??= []).push(value);
  return params;
}

/** Twilio may sign the URL with or without the port: accept the URL as configured, without its port, and with the default one. */
export function urlVariants(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, host, port, rest] = match as unknown as [string, string, string, string | undefined, string];
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return [...new Set([url, `${scheme}${host}${rest}`, `${scheme}${host}${port ?? defaultPort}${rest}`])];
}
