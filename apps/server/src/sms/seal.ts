import { createHmac } from 'node:crypto';
import { deriveMessageKeys, encryptMessage, fromBase64Url, fromUtf8, openUnderSecret, sealUnderSecret, toBase64Url, utf8 } from '@lantern/crypto';

export type SmsSender = 'participant' | 'staff';

/*
 * A text conversation's content and number are under its secret S, which the server holds only in
 * memory (conversations/server-held.ts): once the conversation has closed and S is dropped,
 * nothing on disk opens either.
 */

/** A text as a v2 message, the same format as a web chat's: the console opens both alike. */
export async function sealSmsText(
  secret: Uint8Array<ArrayBuffer>,
  message: { conversationId: string; sender: SmsSender; clientId: string; text: string },
): Promise<string> {
  return encryptMessage(await deriveMessageKeys(secret, message.conversationId), message.sender, message.clientId, { text: message.text });
}

const phoneAad = (smsId: string) => `phone|${smsId}`;

export async function sealPhone(secret: Uint8Array<ArrayBuffer>, conversationId: string, smsId: string, number: string): Promise<string> {
  return toBase64Url(await sealUnderSecret(secret, conversationId, 'sms-phone', utf8(number), phoneAad(smsId)));
}

export async function openPhone(secret: Uint8Array<ArrayBuffer>, conversationId: string, smsId: string, sealed: string): Promise<string> {
  return fromUtf8(await openUnderSecret(secret, conversationId, 'sms-phone', fromBase64Url(sealed), phoneAad(smsId)));
}

/** Finds a number's open conversation: keyed with the lookup key that lives beside the secrets, never on disk. */
export const phoneLookupHash = (lookupKey: Uint8Array, number: string) => createHmac('sha256', lookupKey).update(`phone|${number}`).digest('base64url');
