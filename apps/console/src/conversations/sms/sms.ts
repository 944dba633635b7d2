import { signal } from '@preact/signals';
import { api } from '../../shared/api';

/** Text messages: what the server offers, and the calls the console makes for SMS conversations. */

/** Twilio caps a text at 1,600 characters; the server refuses longer ones. */
export const SMS_MAX_CHARS = 1600;

export interface SmsStatus {
  enabled: boolean;
  outbound: boolean;
}

export interface SmsDetails {
  provider: string;
  /** Masked (last two digits) until revealed. */
  number: string;
  stopped: boolean;
}

export const smsStatus = signal<SmsStatus>({ enabled: false, outbound: false });

export async function loadSmsStatus(): Promise<void> {
  try {
    smsStatus.value = await api<SmsStatus>('GET', '/api/sms');
  } catch {
    // A server without the SMS routes: texting stays hidden.
    smsStatus.value = { enabled: false, outbound: false };
  }
}

/** Sends one text; resolves once the provider has it and the server has stored it sealed. */
export const sendSms = (conversationId: string, clientId: string, text: string) =>
  api<{ seq: number }>('POST', `/api/sms/conversations/${encodeURIComponent(conversationId)}/messages`, { clientId, text });

export const smsDetails = (conversationId: string) => api<SmsDetails>('GET', `/api/sms/conversations/${encodeURIComponent(conversationId)}`);

export const revealNumber = (conversationId: string) =>
  api<{ number: string }>('POST', `/api/sms/conversations/${encodeURIComponent(conversationId)}/reveal`, {});

/** Ongoing advocacy: opens a conversation with a number typed twice; nothing is sent until the advocate writes. */
export const startTexting = (number: string, confirmNumber: string) =>
  api<{ conversationId: string; number: string }>('POST', '/api/sms/conversations', { number, confirmNumber });

/** What a person typed, as digits and a leading +, to compare the two entries. */
export const digitsOf = (typed: string) => typed.replace(/[^\d+]/g, '');
