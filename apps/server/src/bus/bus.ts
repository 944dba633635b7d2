import type { AlertFrame, InterpreterState, KeyGrantFrame, MessageFrame, StaffChangeNotice } from '@lantern/protocol';
import type { PublicStatus } from '../program/status';

/** What one node tells every node (itself included) after a change is committed. */
export type BusEvent =
  | { kind: 'message'; frame: MessageFrame; assignedTo: string | null }
  /** To the participant's page: `staffName` is the holder's name as participants see it, never the display name. */
  | { kind: 'conversation'; conversationId: string; status: 'waiting' | 'active'; staffName: string | null }
  | { kind: 'closed'; conversationId: string; by: 'staff' | 'participant' | 'system'; assignedTo: string | null }
  | { kind: 'queue' }
  | { kind: 'grants'; staffId: string }
  | { kind: 'status'; status: PublicStatus }
  | { kind: 'notice'; conversationId: string; notice: 'inactivity_warning'; closesAt: string; assignedTo: string | null }
  /** The staff side of a conversation changed (transfer, take-over, a supervisor joined): every side shows a notice, naming who by the name participants see. */
  | { kind: 'staff-notice'; conversationId: string; notice: StaffChangeNotice; name: string; assignedTo: string | null }
  /** A member no longer watches or joins a conversation (left, took it over, received it): their sockets stop getting it as a guest. */
  | { kind: 'staff-left'; conversationId: string; staffId: string }
  /** Something for these members to act on: a transfer to them, a supervisor request, a debrief. */
  | { kind: 'alert'; staffIds: string[]; alert: AlertFrame }
  /** Where a conversation's interpreter stands (interpreters/): its sides are told, its interpreter sockets admitted or closed. */
  | { kind: 'interpreter'; conversationId: string; state: InterpreterState; assignedTo: string | null }
  /** A staff device asks the holder of a conversation secret (the participant's page) for it. Relayed, never stored. */
  | { kind: 'key-request'; conversationId: string; deviceKey: string }
  /** The secret sealed to one staff device: to the staff sockets of the conversation, whose device keeps only its own. */
  | { kind: 'key-grant'; frame: KeyGrantFrame; assignedTo: string | null }
  /** A participant's page closed (their last socket on a node went) or came back: the staff in it are told. */
  | { kind: 'presence'; conversationId: string; present: boolean; since: string }
  /** A member was deactivated: every socket of theirs, on every node, closes. */
  | { kind: 'staff-deactivated'; staffId: string }
  /** A staff session ended (sign-out, idle or past its end): its sockets on every node close, saying why. */
  | { kind: 'session-ended'; sessionHash: string; reason?: 'idle' | 'expired' };

export interface Bus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}
