import { CryptoFormatError, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding';
import { aeadOpen, aeadSeal, ecdh, hkdfAesKey, hkdfBase, V2, VERSION } from './primitives';

export type Sender = 'participant' | 'staff' | 'interpreter';
export const SENDERS: readonly Sender[] = ['participant', 'staff', 'interpreter'];

/** One AES-GCM key per sending side of one conversation, and the format they write (v1 or v2). */
export interface ConversationKeys {
  conversationId: string;
  version: 1 | 2;
  keys: Record<Sender, CryptoKey>;
}

/**
 * Where a message stands in its sender's stream (v2): `i` names one writer (a page or a console
 * tab, random per conversation), `n` counts its messages from 1, `p` is the clientId of the last
 * message that writer had seen when it wrote ("" for none). Inside the encryption, so the server
 * cannot drop, repeat or reorder messages without the receiver noticing (order.ts).
 */
export interface MessageOrder {
  i: string;
  n: number;
  p: string;
}

/** What a message carries inside its encryption. */
export interface MessageBody {
  text: string;
  /**
   * Set on a structured message the clients act on instead of showing as a chat line (say
   * "code-word/answer"); `text` is then its payload. Absent on ordinary chat text.
   */
  kind?: string;
  order?: MessageOrder;
  /**
   * v2: the name its writer goes by with the participant (a staff member's "name participants see",
   * the name an interpreter gave), inside the encryption so the server cannot put another name on it.
   */
  from?: string;
}

/** Longest writer's name kept when a message is opened; a longer one is dropped (the schema allows 64). */
const MAX_FROM = 64;

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
  return { conversationId, version: VERSION, keys: { participant: participant!, staff: staff!, interpreter: interpreter! } };
}

/**
 * v2: the keys come from the conversation secret alone (secret.ts), which lives only in the memory
 * of the browsers in the conversation, so nothing kept anywhere opens the messages once they let go.
 */
export async function deriveMessageKeys(secret: Uint8Array<ArrayBuffer>, conversationId: string, extractable = false): Promise<ConversationKeys> {
  const base = await hkdfBase(secret);
  const salt = utf8(conversationId);
  const derive = (sender: Sender) => hkdfAesKey(base, salt, `lantern/v2/message/${sender}`, extractable);
  const [participant, staff, interpreter] = await Promise.all(SENDERS.map(derive));
  return { conversationId, version: V2, keys: { participant: participant!, staff: staff!, interpreter: interpreter! } };
}

/** Additional data: a ciphertext moved to another conversation, sender or message id fails to open. */
export const messageAad = (conversationId: string, sender: Sender, clientId: string, version: 1 | 2 = VERSION) =>
  utf8(`lantern/v${version}|${conversationId}|${sender}|${clientId}`);

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
  const json: { text: string; kind?: string; o?: MessageOrder; f?: string } = { text };
  if (body.kind !== undefined) json.kind = body.kind;
  if (body.order !== undefined && keys.version === V2) json.o = body.order;
  if (body.from !== undefined && keys.version === V2) json.f = body.from.normalize('NFC');
  const plaintext = pad(utf8(JSON.stringify(json)));
  const aad = messageAad(keys.conversationId, sender, clientId, keys.version);
  return toBase64Url(await aeadSeal(keys.keys[sender], plaintext, aad, keys.version));
}

const isOrder = (o: unknown): o is MessageOrder => {
  const v = o as MessageOrder | null;
  return typeof v === 'object' && v !== null && typeof v.i === 'string' && Number.isSafeInteger(v.n) && v.n > 0 && typeof v.p === 'string';
};

export async function decryptMessage(
  keys: ConversationKeys,
  sender: Sender,
  clientId: string,
  ciphertext: string,
): Promise<MessageBody> {
  const aad = messageAad(keys.conversationId, sender, clientId, keys.version);
  const opened = await aeadOpen(keys.keys[sender], fromBase64Url(ciphertext), aad, keys.version);
  const parsed: unknown = JSON.parse(fromUtf8(unpad(opened)));
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as MessageBody).text !== 'string') {
    throw new CryptoFormatError('message body has no text');
  }
  const { text, kind, o, f } = parsed as { text: string; kind?: unknown; o?: unknown; f?: unknown };
  const body: MessageBody = typeof kind === 'string' ? { text, kind } : { text };
  if (keys.version === V2 && isOrder(o)) body.order = { i: o.i, n: o.n, p: o.p };
  if (keys.version === V2 && typeof f === 'string' && f.length > 0 && f.length <= MAX_FROM) body.from = f;
  return body;
}
