export type ProviderName = 'twilio' | 'telnyx' | 'vonage';

/** One inbound text, as the provider delivered it: held in memory for the length of the request only. */
export interface InboundText {
  providerMessageId: string;
  /** E.164. */
  from: string;
  text: string;
}

/** What a webhook handler hands a provider: the raw bytes, since every signature is over them. */
export interface WebhookRequest {
  /** The URL the provider called, as the public sees it (PUBLIC_URL + path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  now: Date;
}

export type WebhookResult =
  | { ok: true; text: InboundText | null }
  | { ok: false; reason: 'unsigned' | 'bad_signature' | 'stale' | 'malformed' };

export interface SmsProvider {
  readonly name: ProviderName;
  /** Checks the signature, then reads the text; `text` is null for events that are not an inbound text (delivery receipts). */
  readWebhook(request: WebhookRequest): WebhookResult;
  /** What the webhook answers on success (Twilio expects TwiML). */
  readonly webhookReply: { contentType: string; body: string };
  /** Sends a text; resolves with the provider's message id. */
  send(to: string, text: string): Promise<string>;
  /**
   * Asks the provider to delete (or redact) its copy of one message. Absent when the provider
   * has no such call per message (Telnyx redacts per messaging profile, set in its portal).
   */
  deleteMessage?(providerMessageId: string, direction: 'inbound' | 'outbound'): Promise<void>;
}

/** A provider's API refused or failed; `code` is safe to store and show (never the provider's message text). */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly code: string,
    /** Whether asking again later may succeed. */
    readonly retryable: boolean,
  ) {
    super(`SMS provider error ${code}`);
  }
}

export const header = (headers: WebhookRequest['headers'], name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
