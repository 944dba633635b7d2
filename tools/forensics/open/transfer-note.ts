import { eciesOpen, gcmOpen, hkdf, utf8 } from '../crypto';

/**
 * Transfer notes: outer ECIES to the receiver's staff key (v1: the note itself). In v2 the outer
 * plaintext is 0x02 || nonce || AES-GCM under a key from the conversation secret S.
 */

export const transferNoteContext = (conversationId: string, receiverId: string) => `transfer-note/${conversationId}/${receiverId}`;

export type NoteResult = { text: string } | { needsSecret: true } | null;

/** With the receiver's own staff key: one ECDH, then each guessed conversation. */
export async function openTransferNote(
  receiverPrivate: CryptoKey,
  receiverId: string,
  sealed: Uint8Array,
  conversationIds: Iterable<string>,
  secretsOf: (conversationId: string) => Iterable<Uint8Array>,
): Promise<NoteResult> {
  const byContext = new Map<string, string>();
  for (const id of conversationIds) byContext.set(transferNoteContext(id, receiverId), id);
  const outer = await eciesOpen(receiverPrivate, sealed, byContext.keys());
  if (!outer) return null;
  if (outer.plaintext[0] !== 2) return { text: outer.plaintext.toString('utf8') };
  const conversationId = byContext.get(outer.context)!;
  for (const secret of secretsOf(conversationId)) {
    const key = hkdf(secret, utf8(conversationId), `lantern/v2/transfer-note|${receiverId}`);
    const inner = gcmOpen(key, outer.plaintext, utf8(outer.context), 2);
    if (inner) return { text: inner.toString('utf8') };
  }
  return { needsSecret: true };
}
