import { concat, CryptoFormatError, fromBase64Url, toBase64Url } from './encoding';
import { subtle } from './primitives';
import { SENDERS, type ConversationKeys } from './conversation';

const KEY_BYTES = 32;
/** version || participant key || staff key || interpreter key */
export const INTERPRETER_KEYS_BYTES = 1 + SENDERS.length * KEY_BYTES;

/**
 * The conversation's three direction keys as one base64url string, for the `k=` of an
 * interpreter link's fragment (which browsers never send to a server). `keys` must have been
 * derived extractable; that derivation is for this export only.
 */
export async function exportInterpreterKeys(keys: ConversationKeys): Promise<string> {
  const raws = await Promise.all(SENDERS.map(async (sender) => new Uint8Array(await subtle().exportKey('raw', keys.keys[sender]))));
  return toBase64Url(concat(Uint8Array.of(keys.version), ...raws));
}

/**
 * The interpreter's side: the fragment's keys, bound to the conversation the server admitted it
 * to (the message AAD names it, so keys from another conversation open nothing here). Imported
 * non-extractable.
 */
export async function importInterpreterKeys(conversationId: string, encoded: string): Promise<ConversationKeys> {
  const blob = fromBase64Url(encoded);
  const version = blob[0];
  if (blob.length !== INTERPRETER_KEYS_BYTES || (version !== 1 && version !== 2)) throw new CryptoFormatError('not interpreter keys');
  const imported = await Promise.all(
    SENDERS.map((_sender, i) => {
      const raw = blob.slice(1 + i * KEY_BYTES, 1 + (i + 1) * KEY_BYTES);
      return subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    }),
  );
  return { conversationId, version, keys: { participant: imported[0]!, staff: imported[1]!, interpreter: imported[2]! } };
}
