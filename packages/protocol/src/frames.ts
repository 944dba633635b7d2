import { Type, type Static } from '@sinclair/typebox';
import { Channel, Ciphertext, DisplayName, LanguageTag, ParticipantName, PublicKey, Sender, Token, Uuid } from './primitives';
import { AlertFrame, ConversationStaff, StaffChangeNotice } from './transfer';
import { ConsentFrame, InterpreterFrame } from './interpreter';
import { EscrowFrame, KeyGrantFrame, KeyRequestFrame } from './conversation-secret';

const strict = { additionalProperties: false } as const;
const frame = <T extends string>(type: T) => Type.Literal(type);

/* Client to server. The first frame of every socket is `auth`. */

export const AuthFrame = Type.Object({ type: frame('auth'), token: Token }, strict);
export const SendFrame = Type.Object(
  { type: frame('send'), conversationId: Uuid, clientId: Uuid, body: Ciphertext },
  strict,
);
/** Ask for every message after `afterSeq` (resume after a reconnect). */
export const SyncFrame = Type.Object(
  { type: frame('sync'), conversationId: Uuid, afterSeq: Type.Integer({ minimum: 0, maximum: 2 ** 31 }) },
  strict,
);
export const ClaimFrame = Type.Object({ type: frame('claim'), conversationId: Uuid }, strict);
export const CloseFrame = Type.Object({ type: frame('close'), conversationId: Uuid }, strict);
export const PingFrame = Type.Object({ type: frame('ping') }, strict);

export const ClientFrame = Type.Union([
  AuthFrame,
  SendFrame,
  SyncFrame,
  ClaimFrame,
  CloseFrame,
  PingFrame,
  ConsentFrame,
  KeyRequestFrame,
  KeyGrantFrame,
  EscrowFrame,
]);
export type ClientFrame = Static<typeof ClientFrame>;
export type SendFrame = Static<typeof SendFrame>;
export const CLIENT_FRAME_TYPES = ['auth', 'send', 'sync', 'claim', 'close', 'ping', 'consent', 'key_request', 'key_grant', 'escrow'] as const;

/* Server to client. */

export const ConversationStatus = Type.Union([Type.Literal('waiting'), Type.Literal('active')]);
export type ConversationStatus = Static<typeof ConversationStatus>;

/** What staff see of a live conversation: metadata and the participant's public key, never content. */
export const ConversationSummary = Type.Object({
  id: Uuid,
  channel: Channel,
  status: ConversationStatus,
  language: Type.Union([LanguageTag, Type.Null()]),
  /** The public key E of the conversation's holder: the participant's page, or the server for a text (v2). */
  participantKey: Type.Union([PublicKey, Type.Null()]),
  /** Retention is above 0 and no escrow is kept yet: the holder's console seals the secret to the program key. */
  escrowWanted: Type.Optional(Type.Boolean()),
  epoch: Type.Integer(),
  createdAt: Type.String(),
  assignedTo: Type.Union([Type.Object({ id: Uuid, displayName: DisplayName }), Type.Null()]),
  lastSeq: Type.Integer(),
  /** The participant pressed "I understand" under the rights notice (web), or the SMS start notice went out. */
  rightsAcknowledged: Type.Optional(Type.Boolean()),
  /** Supervisors watching or joined besides the assigned member (absent: none). */
  staff: Type.Optional(Type.Array(ConversationStaff)),
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const ReadyFrame = Type.Object({
  type: frame('ready'),
  role: Type.Union([Type.Literal('participant'), Type.Literal('staff'), Type.Literal('interpreter')]),
});
/** Staff: the waiting queue and the conversations this member holds. */
export const QueueFrame = Type.Object({ type: frame('queue'), conversations: Type.Array(ConversationSummary) });
/**
 * Participant: the state of their own conversation (waiting, or who answered). `staffName` is the
 * name participants see of the member who holds it, never their display name; the server's word,
 * where each message's own label comes from inside its encryption.
 */
export const ConversationFrame = Type.Object({
  type: frame('conversation'),
  conversationId: Uuid,
  status: ConversationStatus,
  staffName: Type.Union([ParticipantName, Type.Null()]),
});
/** Which member wrote a staff line: the console labels each line with its writer's own name. */
export const MessageAuthor = Type.Object({ id: Uuid, displayName: DisplayName });
export type MessageAuthor = Static<typeof MessageAuthor>;
export const MessageFrame = Type.Object({
  type: frame('message'),
  conversationId: Uuid,
  seq: Type.Integer(),
  clientId: Uuid,
  sender: Sender,
  body: Ciphertext,
  sentAt: Type.String(),
  /** Staff sockets only, on staff lines; never sent to a participant or an interpreter. */
  author: Type.Optional(MessageAuthor),
});
export type MessageFrame = Static<typeof MessageFrame>;
/** Sent only after the message is committed: the client may forget its copy. */
export const AckFrame = Type.Object({ type: frame('ack'), conversationId: Uuid, clientId: Uuid, seq: Type.Integer() });
export const ClosedFrame = Type.Object({
  type: frame('closed'),
  conversationId: Uuid,
  by: Type.Union([Type.Literal('staff'), Type.Literal('participant'), Type.Literal('system')]),
});
export const ErrorCode = Type.Union([
  Type.Literal('bad_frame'),
  Type.Literal('unauthorized'),
  Type.Literal('forbidden'),
  Type.Literal('not_found'),
  Type.Literal('conflict'),
  Type.Literal('closed'),
  Type.Literal('rate_limited'),
  Type.Literal('internal'),
]);
export type ErrorCode = Static<typeof ErrorCode>;
export const ErrorFrame = Type.Object({
  type: frame('error'),
  code: ErrorCode,
  message: Type.String(),
  /** The clientId or frame type the error answers, when there is one. */
  ref: Type.Optional(Type.String()),
});
export const PongFrame = Type.Object({ type: frame('pong') });
/** A notice from the program about this conversation (no content): both sides show it in their own words. */
export const NoticeFrame = Type.Union([
  Type.Object({
    type: frame('notice'),
    conversationId: Uuid,
    notice: Type.Literal('inactivity_warning'),
    /** When the chat closes unless the participant writes. */
    closesAt: Type.String(),
  }),
  /**
   * The staff side changed: a transfer or take-over (`name`: who holds it now), or a supervisor
   * joined (`name`: who joined); the name participants see, never a display name.
   */
  Type.Object({ type: frame('notice'), conversationId: Uuid, notice: StaffChangeNotice, name: ParticipantName }),
]);
/** The program's status changed (closed, emergency, reopened): every open page shows it at once. */
export const StatusFrame = Type.Object({
  type: frame('status'),
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('emergency')]),
  message: Type.Union([Type.String(), Type.Null()]),
  opens_at: Type.Union([Type.String(), Type.Null()]),
  alternatives: Type.Array(Type.Object({ label: Type.String(), value: Type.String() })),
});
/**
 * Staff: the participant's page closed (reload, tab closed, network gone) or came back, since when,
 * and after how many seconds the console offers to end the chat.
 */
export const PresenceFrame = Type.Object({
  type: frame('presence'),
  conversationId: Uuid,
  present: Type.Boolean(),
  since: Type.String(),
  graceSeconds: Type.Integer({ minimum: 0 }),
});
/** Staff: this member's key grants changed; fetch /api/staff/me again. */
export const GrantsFrame = Type.Object({ type: frame('grants') });

export const ServerFrame = Type.Union([
  ReadyFrame,
  QueueFrame,
  ConversationFrame,
  MessageFrame,
  AckFrame,
  ClosedFrame,
  ErrorFrame,
  PongFrame,
  GrantsFrame,
  NoticeFrame,
  StatusFrame,
  AlertFrame,
  InterpreterFrame,
  KeyRequestFrame,
  KeyGrantFrame,
  PresenceFrame,
]);
export type ServerFrame = Static<typeof ServerFrame>;

export { PublicKey };
