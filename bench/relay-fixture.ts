import { randomUUID } from 'node:crypto';
import type { Pair } from './pairs';
import { mapPool } from './pool';
import { BenchSocket } from './socket';

/** The relay's side of the comparison: the same number of socket pairs, no accounts, no keys. */
export async function openRelayPairs(url: string, count: number): Promise<Pair[]> {
  return mapPool(count, 64, async (i) => {
    const a = await BenchSocket.connect(`${url}/?pair=${i}&side=a`);
    const b = await BenchSocket.connect(`${url}/?pair=${i}&side=b`);
    await Promise.all([a.next((f) => f.type === 'paired'), b.next((f) => f.type === 'paired')]);
    a.forgetFrames();
    b.forgetFrames();
    return {
      conversationId: randomUUID(),
      participant: { socket: a, sender: 'participant', keys: null },
      advocate: { socket: b, sender: 'staff', keys: null },
    };
  });
}
