import { randomBytes, toBase64Url } from './encoding';
import type { MessageOrder } from './conversation';

/** What the receiver makes of a message's place: as written, or the server dropped, repeated or reordered something. */
export type OrderVerdict = 'ok' | 'gap' | 'replay' | 'reorder';

/**
 * One page's view of a conversation's order (protocol v2). Each writer numbers its messages and
 * names the last message it had seen, inside the encryption; the receiver checks both, so a server
 * that drops, repeats or reorders messages is noticed instead of showing a different conversation.
 * The sequence numbers the server assigns are not trusted for this: it makes them.
 */
export class ConversationOrder {
  /** This page's writer id: random per conversation, so a reload is a new writer starting at 1. */
  private readonly writer = toBase64Url(randomBytes(9));
  private written = 0;
  private lastSeen = '';
  private readonly seen = new Set<string>();
  private readonly counts = new Map<string, number>();

  /**
   * `fromStart`: this page reads the conversation from its first message (participant, staff). An
   * interpreter joins later: a writer's first message it sees may be any number, and may follow
   * messages it was never sent.
   */
  constructor(private readonly fromStart = true) {}

  /** The order of a message this page is about to write. */
  next(clientId: string): MessageOrder {
    const order = { i: this.writer, n: ++this.written, p: this.lastSeen };
    this.mark(clientId);
    return order;
  }

  /** Checks a message opened from the server; messages without an order (texts) are not checked. */
  check(clientId: string, order: MessageOrder | undefined): OrderVerdict {
    if (this.seen.has(clientId)) return 'ok';
    this.mark(clientId);
    if (!order || order.i === this.writer) return 'ok';
    const last = this.counts.get(order.i);
    this.counts.set(order.i, Math.max(order.n, last ?? 0));
    if (last !== undefined && order.n <= last) return 'replay';
    const expected = last === undefined ? (this.fromStart ? 1 : order.n) : last + 1;
    if (order.n !== expected) return 'gap';
    if (this.fromStart && order.p !== '' && !this.seen.has(order.p)) return 'reorder';
    return 'ok';
  }

  private mark(clientId: string): void {
    this.seen.add(clientId);
    this.lastSeen = clientId;
  }
}
