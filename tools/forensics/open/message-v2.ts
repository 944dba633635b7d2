import { bodyText, gcmOpen, hkdf, unpad, utf8 } from '../crypto';
import type { DirectionKeys, Sender } from './message-v1';

/** v2 messages: keys from the conversation secret S alone, which only browsers (and escrow) hold. */

export function messageKeysV2(secret: Uint8Array, conversationId: string): DirectionKeys {
  const salt = utf8(conversationId);
  return {
    participant: hkdf(secret, salt, 'lantern/v2/message/participant'),
    staff: hkdf(secret, salt, 'lantern/v2/message/staff'),
    interpreter: hkdf(secret, salt, 'lantern/v2/message/interpreter'),
  };
}

export function openMessageV2(keys: DirectionKeys, conversationId: string, sender: Sender, clientId: string, blob: Uint8Array): string | null {
  const opened = gcmOpen(keys[sender], blob, utf8(`lantern/v2|${conversationId}|${sender}|${clientId}`), 2);
  const body = opened && unpad(opened);
  return body && bodyText(body);
}
