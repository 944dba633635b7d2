import { bodyText, eciesOpen } from '../crypto';

/** v1 SMS texts: sealed by the server to the program public key (apps/server/src/sms/seal.ts), JSON padded with spaces. */

export const smsTextContextV1 = (conversationId: string, sender: string, clientId: string) => `lantern/v1/sms|${conversationId}|${sender}|${clientId}`;

export async function openSmsTextV1(programPrivate: CryptoKey, sealed: Uint8Array, contexts: Iterable<string>): Promise<string | null> {
  const opened = await eciesOpen(programPrivate, sealed, contexts);
  return opened && bodyText(opened.plaintext);
}
