import type { ConversationKeys, Sender } from '@lantern/crypto';
import type { BenchSocket } from './socket';

/** One end of a conversation (or of a relay pair): its socket and, for Lantern, the keys it encrypts with. */
export interface Endpoint {
  socket: BenchSocket;
  sender: Extract<Sender, 'participant' | 'staff'>;
  /** Lantern only: the conversation keys as this side derived them. */
  keys: ConversationKeys | null;
}

/** A participant's socket and the advocate socket that claimed and synced the same conversation. */
export interface Pair {
  conversationId: string;
  participant: Endpoint;
  advocate: Endpoint;
}
