import type { ChatMessage, ConversationNotice } from './conversations';

export type TimelineItem = { kind: 'message'; message: ChatMessage } | { kind: 'notice'; notice: ConversationNotice };

/**
 * Messages in their order, with each program notice right after the message that preceded it
 * when it arrived. Messages still sending come last, after every notice.
 */
export function timeline(messages: ChatMessage[], notices: ConversationNotice[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  const pending = [...notices].sort((a, b) => a.afterSeq - b.afterSeq);
  /** Every notice that arrived before a message with this seq existed. */
  const flushBefore = (seq: number) => {
    while (pending.length > 0 && pending[0]!.afterSeq < seq) items.push({ kind: 'notice', notice: pending.shift()! });
  };
  for (const message of messages) {
    flushBefore(message.seq ?? Infinity);
    items.push({ kind: 'message', message });
  }
  flushBefore(Infinity);
  return items;
}
