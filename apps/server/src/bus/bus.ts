import type { MessageFrame } from '@lantern/protocol';
import type { PublicStatus } from '../program/status';

/** What one node tells every node (itself included) after a change is committed. */
export type BusEvent =
  | { kind: 'message'; frame: MessageFrame; assignedTo: string | null }
  | { kind: 'conversation'; conversationId: string; status: 'waiting' | 'active'; staffName: string | null }
  | { kind: 'closed'; conversationId: string; by: 'staff' | 'participant' | 'system'; assignedTo: string | null }
  | { kind: 'queue' }
  | { kind: 'grants'; staffId: string }
  | { kind: 'status'; status: PublicStatus }
  | { kind: 'notice'; conversationId: string; notice: 'inactivity_warning'; closesAt: string; assignedTo: string | null }
  /** A member was deactivated: every socket of theirs, on every node, closes. */
  | { kind: 'staff-deactivated'; staffId: string }
  /** A staff session ended (sign-out): its sockets on every node close. */
  | { kind: 'session-ended'; sessionHash: string };

export interface Bus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}
