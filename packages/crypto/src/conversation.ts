import { CryptoFormatError, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding';
import { aeadOpen, aeadSeal, ecdh, hkdfAesKey } from './primitives';

export type Sender = 'participant' | 'staff' | 'interpreter';
export const SENDERS: readonly Sender[] = ['participant', 'staff', 'interpreter'];

/** One AES-GCM key per sending side of one conversation. */
export interface ConversationKeys {
  conversationId: string;
  keys: Record<Sender, CryptoKey>;
}

/** What a message carries inside its encryption. */
export interface MessageBody {
  text: string;
  /**
   * Set on a structured message the clients act on instead of showing as a chat line (say
   * "code-word/answer"); `text` is then its payload. Absent on ordinary chat text.
   */
  kind?: string;
}

/**
 * Both ends compute the same keys: the participant from (its ephemeral private key, the program
 * public key), staff from (the program private key, the participant's public key).
 * `extractable` is only for handing the keys to an interpreter through a link fragment.
 */
export async function deriveConversationKeys(
  ownPrivateKey: CryptoKey,
  otherPublicKey: CryptoKey,
  conversationId: string,
  extractable = false,
): Promise<ConversationKeys> {
  const shared = await ecdh(ownPrivateKey, otherPublicKey);
  const salt = utf8(conversationId);
  const derive = (sender: Sender) => hkdfAesKey(shared, salt, `lantern/v1/${sender}`, extractable);
  const [participant, staff, interpreter] = await Promise.all(SENDERS.map(derive));
  return { conversationId, keys: { participant: participant!, staff: staff!, interpreter: interpreter! } };
}

/** Additional data: a ciphertext moved to another conversation, sender or message id fails to open. */
export const messageAad = (conversationId: string, sender: Sender, clientId: string) =>
  utf8(`lantern/v1|${conversationId}|${sender}|${clientId}`);

export const MAX_PADDED_BYTES = 16 * 1024;

/** Padded size for a body of `length` bytes plus the 0x80 end marker: powers of two from 256 up. */
export function paddedLength(length: number): number {
  let size = 256;
  while (size < length + 1) size *= 2;
  if (size > MAX_PADDED_BYTES) throw new MessageTooLongError();
  return size;
}

export class MessageTooLongError extends Error {
  override name = 'MessageTooLongError';
}

function pad(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(paddedLength(bytes.length));
  out.set(bytes);
  out[bytes.length] = 0x80;
  return out;
}

function unpad(bytes: Uint8Array): Uint8Array {
  let end = bytes.length - 1;
  while (end >= 0 && bytes[end] === 0) end--;
  if (end < 0 || bytes[end] !== 0x80) throw new CryptoFormatError('bad padding');
  return bytes.subarray(0, end);
}

export async function encryptMessage(
  keys: ConversationKeys,
  sender: Sender,
  clientId: string,
  body: MessageBody,
): Promise<string> {
  const text = body.text.normalize('NFC');
  const plaintext = pad(utf8(JSON.stringify(body.kind === undefined ? { text } : { text, kind: body.kind })));
  return toBase64Url(await aeadSeal(keys.keys[sender], plaintext, messageAad(keys.conversationId, sender, clientId)));
}

export async function decryptMessage(
  keys: ConversationKeys,
  sender: Sender,
  clientId: string,
  ciphertext: string,
): Promise<MessageBody> {
  const opened = await aeadOpen(keys.keys[sender], fromBase64Url(ciphertext), messageAad(keys.conversationId, sender, clientId));
  const parsed: unknown = JSON.parse(fromUtf8(unpad(opened)));
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as MessageBody).text !== 'string') {
    throw new CryptoFormatError('message body has no text');
  }
  const { text, kind } = parsed as MessageBody;
  return typeof kind === 'string' ? { text, kind } : { text };
}
