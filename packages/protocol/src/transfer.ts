import { Type, type Static } from '@sinclair/typebox';
import { Base64Url, DisplayName, PublicKey, Role, Uuid } from './primitives';

export { MAX_TRANSFER_NOTE_CHARS, transferNoteContext } from './transfer-note';

const strict = { additionalProperties: false } as const;

/* Transfers, supervision, handoff and debrief (issue #3). Notes are sealed in the sender's browser. */

/** A note sealed (ECIES) to the receiver's staff key: 65-byte ephemeral key, nonce, ciphertext, tag. */
export const SealedNote = Base64Url(8192, 128);

/** `POST /api/conversations/:id/transfer` */
export const TransferRequest = Type.Object({ toStaffId: Uuid, note: Type.Union([SealedNote, Type.Null()]) }, strict);
export type TransferRequest = Static<typeof TransferRequest>;

/** A signed-in member a conversation can go to. */
export const TransferCandidate = Type.Object({
  id: Uuid,
  displayName: DisplayName,
  role: Role,
  /** The staff key a note is sealed to; the console checks its fingerprint against the one it knows. */
  publicKey: PublicKey,
  /** Program key epochs this member holds: a conversation of another epoch cannot go to them. */
  epochs: Type.Array(Type.Integer()),
  /** Live conversations they hold now. */
  openConversations: Type.Integer({ minimum: 0 }),
  /** Whether they have said they take conversations; null where the program does not track it. */
  available: Type.Union([Type.Boolean(), Type.Null()]),
});
export type TransferCandidate = Static<typeof TransferCandidate>;

/** `GET /api/transfers/candidates` */
export const TransferCandidates = Type.Object({ candidates: Type.Array(TransferCandidate) });
export type TransferCandidates = Static<typeof TransferCandidates>;

/** A transfer waiting for its receiver to read it; the server deletes it as it hands it over. */
export const TransferNote = Type.Object({
  conversationId: Uuid,
  from: Type.Object({ id: Uuid, displayName: DisplayName }),
  note: Type.Union([SealedNote, Type.Null()]),
  at: Type.String(),
});
export type TransferNote = Static<typeof TransferNote>;

/** `POST /api/transfers/notes/open` */
export const TransferNotes = Type.Object({ notes: Type.Array(TransferNote) });
export type TransferNotes = Static<typeof TransferNotes>;

export const SupervisionMode = Type.Union([Type.Literal('watch'), Type.Literal('join')]);
export type SupervisionMode = Static<typeof SupervisionMode>;

/** `POST /api/conversations/:id/supervise` (supervisors and admins) */
export const SuperviseRequest = Type.Object(
  { action: Type.Union([Type.Literal('watch'), Type.Literal('join'), Type.Literal('take_over'), Type.Literal('leave')]) },
  strict,
);
export type SuperviseRequest = Static<typeof SuperviseRequest>;

/** Staff other than the assigned one taking part in a conversation. */
export const ConversationStaff = Type.Object({ id: Uuid, displayName: DisplayName, mode: SupervisionMode });
export type ConversationStaff = Static<typeof ConversationStaff>;

/** How many members an alert reached (supervisor request, debrief): zero means nobody is signed in to hear it. */
export const Notified = Type.Object({ notified: Type.Integer({ minimum: 0 }) });
export type Notified = Static<typeof Notified>;

/** Notices both sides show when the people on the staff side change. */
export const StaffChangeNotice = Type.Union([Type.Literal('transferred'), Type.Literal('supervisor_joined')]);
export type StaffChangeNotice = Static<typeof StaffChangeNotice>;

const alert = <T extends string>(kind: T) => ({ type: Type.Literal('alert'), alert: Type.Literal(kind) });

/** Staff: something for this member to act on. A debrief names the advocate only: no conversation. */
export const AlertFrame = Type.Union([
  Type.Object({ ...alert('transferred'), conversationId: Uuid, from: DisplayName }),
  Type.Object({ ...alert('taken_over'), conversationId: Uuid, from: DisplayName }),
  Type.Object({ ...alert('supervisor_requested'), conversationId: Uuid, from: DisplayName }),
  Type.Object({ ...alert('debrief_requested'), from: DisplayName }),
]);
export type AlertFrame = Static<typeof AlertFrame>;
