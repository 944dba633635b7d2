import type { Pair } from './pairs';
import { mapPool } from './pool';

/**
 * `--keep-data`: every conversation closed as people close them, half by the participant and half
 * by the advocate; each counts once the advocate's socket is told it closed.
 */
export async function closeConversations(pairs: Pair[]): Promise<number> {
  await mapPool(pairs.length, 32, async (i) => {
    const pair = pairs[i]!;
    (i % 2 === 0 ? pair.participant : pair.advocate).socket.sendFrame({ type: 'close', conversationId: pair.conversationId });
    await pair.advocate.socket.next((f) => f.type === 'closed' && f.conversationId === pair.conversationId, 60_000);
  });
  return pairs.length;
}
