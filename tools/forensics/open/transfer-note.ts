import { eciesOpen, gcmOpen, hkdf, utf8 } from '../crypto';

/**
 * Transfer notes: outer ECIES to the receiver's staff key (v1: the note itself). In v2 the outer
 * plaintext is 0x02 || nonce || AES-GCM under a key from the conversation secret S.
 */

export const transferNoteContext = (conversationId: string, receiverId: string) => `transfer-note/${conversationId}/${receiverId}`;

export type NoteResult = { text: string } | { needsSecret: true } | null;

export async function openTransferNote(
  staffPrivate: CryptoKey,
  sealed: Uint8Array,
  conversationId: string,
  receiverId: string,
  secrets: Iterable<Uint8Array>,
): Promise<NoteResult> {
  const context = transferNoteContext(conversationId, receiverId);
  const outer = await eciesOpen(staffPrivate, sealed, [context]);
  if (!outer) return null;
  if (outer.plaintext[0] !== 2) return { text: outer.plaintext.toString('utf8') };
  for (const secret of secrets) {
    const key = hkdf(secret, utf8(conversationId), `lantern/v2/transfer-note|${receiverId}`);
    const inner = gcmOpen(key, outer.plaintext, utf8(context), 2);
    if (inner) return { text: inner.toString('utf8') };
  }
  return { needsSecret: true };
}
