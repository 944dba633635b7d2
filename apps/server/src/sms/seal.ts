import { importPublicKey, seal } from '@lantern/crypto';

export type SmsSender = 'participant' | 'staff';

/**
 * The seal context of one SMS message: a ciphertext moved to another conversation, sender or
 * message id fails to open. The console opens with the same string (apps/console/src/sms.ts).
 */
export const smsMessageContext = (conversationId: string, sender: SmsSender, clientId: string) =>
  `lantern/v1/sms|${conversationId}|${sender}|${clientId}`;

/**
 * Seals a text to the program public key (ECIES, the same as key grants): the server can write it
 * and never read it back. The JSON is padded with spaces to 256·2ⁿ bytes, as web messages are, so
 * the length says little; JSON.parse ignores the padding.
 */
export async function sealSmsText(
  programPublicKey: string,
  message: { conversationId: string; sender: SmsSender; clientId: string; text: string },
): Promise<string> {
  const json = Buffer.from(JSON.stringify({ text: message.text.normalize('NFC') }), 'utf8');
  let size = 256;
  while (size < json.length) size *= 2;
  const padded = new Uint8Array(size).fill(0x20);
  padded.set(json);
  return seal(await importPublicKey(programPublicKey), padded, smsMessageContext(message.conversationId, message.sender, message.clientId));
}
