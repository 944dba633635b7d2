import { bodyText, ecdh, gcmOpen, hkdf, unpad, utf8 } from '../crypto';

/** v1 web messages: keys from ECDH(program private, participant public), so any program-key holder opens them. */

export const SENDERS = ['participant', 'staff', 'interpreter'] as const;
export type Sender = (typeof SENDERS)[number];
export type DirectionKeys = Record<Sender, Buffer>;

export async function messageKeysV1(programPrivate: CryptoKey, participantKey: Uint8Array, conversationId: string): Promise<DirectionKeys | null> {
  const shared = await ecdh(programPrivate, participantKey);
  if (!shared) return null;
  const salt = utf8(conversationId);
  return {
    participant: hkdf(shared, salt, 'lantern/v1/participant'),
    staff: hkdf(shared, salt, 'lantern/v1/staff'),
    interpreter: hkdf(shared, salt, 'lantern/v1/interpreter'),
  };
}

export function openMessageV1(keys: DirectionKeys, conversationId: string, sender: Sender, clientId: string, blob: Uint8Array): string | null {
  const opened = gcmOpen(keys[sender], blob, utf8(`lantern/v1|${conversationId}|${sender}|${clientId}`), 1);
  const body = opened && unpad(opened);
  return body && bodyText(body);
}
