import { createHmac, randomBytes } from 'node:crypto';

/**
 * Twilio's webhook signature: HMAC-SHA1 with the auth token over the URL followed by each POST
 * parameter's name and value, sorted by name, in base64. The tests check it against the official
 * `twilio` package's helper; the simulator uses this one so it needs no Twilio package at run time.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export interface InboundSms {
  /** Where the server listens (what the simulator posts to). */
  target: string;
  /** The server's PUBLIC_URL: what Twilio signs, which may differ from `target` behind a proxy. */
  publicUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  to: string;
  body: string;
  /** Twilio's message id; a retry sends the same one. */
  messageSid?: string;
}

/** Posts one inbound text as Twilio's Messaging webhook does: form-encoded, signed. */
export async function postTwilioWebhook(sms: InboundSms): Promise<{ status: number; messageSid: string }> {
  const path = '/webhooks/sms/twilio';
  const messageSid = sms.messageSid ?? `SM${randomBytes(16).toString('hex')}`;
  const params: Record<string, string> = {
    ToCountry: 'US',
    SmsMessageSid: messageSid,
    NumMedia: '0',
    SmsSid: messageSid,
    SmsStatus: 'received',
    Body: sms.body,
    To: sms.to,
    NumSegments: '1',
    MessageSid: messageSid,
    AccountSid: sms.accountSid,
    From: sms.from,
    ApiVersion: '2010-04-01',
  };
  const response = await fetch(`${sms.target.replace(/\/+$/, '')}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilioSignature(sms.authToken, `${sms.publicUrl.replace(/\/+$/, '')}${path}`, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
  await response.arrayBuffer();
  return { status: response.status, messageSid };
}
