import { eciesOpen } from '../crypto';

/** v2 retention escrow: the conversation secret S sealed to the program key of its epoch. */

export const escrowContext = (conversationId: string) => `conversation-escrow/${conversationId}`;

export async function openEscrow(programPrivate: CryptoKey, sealed: Uint8Array, conversationIds: Iterable<string>): Promise<{ conversationId: string; secret: Buffer } | null> {
  const byContext = new Map<string, string>();
  for (const id of conversationIds) byContext.set(escrowContext(id), id);
  const opened = await eciesOpen(programPrivate, sealed, byContext.keys());
  return opened && opened.plaintext.length === 32 ? { conversationId: byContext.get(opened.context)!, secret: opened.plaintext } : null;
}
