import { randomBytes, randomUUID } from 'node:crypto';
import { encryptMessage, paddedLength } from '@lantern/crypto';
import type { Endpoint, Pair } from './pairs';

/** One message of a phase, made ready before the clock starts: the load loop only sends `frame`. */
export interface PlannedMessage {
  from: Endpoint;
  to: Endpoint;
  clientId: string;
  /** The whole `send` frame, JSON text. */
  frame: string;
  /** What the ciphertext holds, to check a sample of deliveries decrypts to it. */
  text: string;
}

/** A typical chat line: about 120 characters, so one 256-byte padding bucket. */
const textOf = (k: number) => `message ${k}: `.padEnd(120, 'lorem ipsum dolor sit amet ');

/** Length of the base64url ciphertext of `text`, so the relay's frames are the same size as Lantern's. */
function ciphertextLength(text: string): number {
  const bytes = 1 + 12 + paddedLength(Buffer.byteLength(JSON.stringify({ text }))) + 16;
  return Math.ceil((bytes * 4) / 3);
}

/**
 * `rate · seconds` messages, spread over the pairs in turn. Within a conversation the direction
 * alternates (participant → advocate, then back); neighbouring conversations start on opposite
 * sides, so both directions are in flight at every moment.
 */
function layout(pairs: Pair[], total: number): Array<{ from: Endpoint; to: Endpoint; conversationId: string }> {
  return Array.from({ length: total }, (_, k) => {
    const index = k % pairs.length;
    const pair = pairs[index]!;
    const toAdvocate = (Math.floor(k / pairs.length) + index) % 2 === 0;
    return toAdvocate
      ? { from: pair.participant, to: pair.advocate, conversationId: pair.conversationId }
      : { from: pair.advocate, to: pair.participant, conversationId: pair.conversationId };
  });
}

/** Lantern: each body really encrypted with the sending side's conversation keys, each clientId new. */
export async function lanternMessages(pairs: Pair[], total: number): Promise<PlannedMessage[]> {
  const slots = layout(pairs, total);
  const out: PlannedMessage[] = [];
  const CHUNK = 2000;
  for (let start = 0; start < slots.length; start += CHUNK) {
    const chunk = slots.slice(start, start + CHUNK);
    out.push(
      ...(await Promise.all(
        chunk.map(async (slot, i) => {
          const clientId = randomUUID();
          const text = textOf(start + i);
          const body = await encryptMessage(slot.from.keys!, slot.from.sender, clientId, { text });
          const frame = JSON.stringify({ type: 'send', conversationId: slot.conversationId, clientId, body });
          return { from: slot.from, to: slot.to, clientId, frame, text };
        }),
      )),
    );
  }
  return out;
}

/** Relay: the same frame shape and size; the relay never looks inside, so the body is random bytes. */
export function relayMessages(pairs: Pair[], total: number): PlannedMessage[] {
  return layout(pairs, total).map((slot, k) => {
    const clientId = randomUUID();
    const text = textOf(k);
    const body = randomBytes(ciphertextLength(text)).toString('base64url').slice(0, ciphertextLength(text));
    const frame = JSON.stringify({ type: 'send', conversationId: slot.conversationId, clientId, body });
    return { from: slot.from, to: slot.to, clientId, frame, text };
  });
}
