import { signal } from '@preact/signals';
import { open } from '@lantern/crypto';
import type { MessageFrame } from '@lantern/protocol';
import { api } from './api';
import { programKey } from './keys';

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

/**
 * SMS texts are sealed by the server to the program key (it has no conversation keys to use); the
 * context binds each to its conversation, sender and id, as apps/server/src/sms/seal.ts writes it.
 */
const smsContext = (frame: MessageFrame) => `lantern/v1/sms|${frame.conversationId}|${frame.sender}|${frame.clientId}`;

export async function openSmsMessage(epoch: number, frame: MessageFrame): Promise<string> {
  const key = programKey(epoch);
  if (!key) throw new Error(`No program key for epoch ${epoch}`);
  const parsed: unknown = JSON.parse(new TextDecoder().decode(await open(key, frame.body, smsContext(frame))));
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { text?: unknown }).text !== 'string') throw new Error('no text');
  return (parsed as { text: string }).text;
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
