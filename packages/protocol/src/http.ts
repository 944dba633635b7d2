import { Type, type Static } from '@sinclair/typebox';
import {
  Base64Url,
  Channel,
  DisplayName,
  Kdf,
  LanguageTag,
  LoginProof,
  ParticipantName,
  PublicKey,
  Role,
  SealedKey,
  Token,
  Username,
  Uuid,
} from './primitives';
import { TotpCode, TotpEnrollment } from './two-factor';

const strict = { additionalProperties: false } as const;

/** HMAC-SHA-256 of a member's key by an admin's browser (32 bytes). */
export const Attestation = Base64Url(43, 43);

export const ErrorReply = Type.Object({ error: Type.String(), message: Type.String() });
export type ErrorReply = Static<typeof ErrorReply>;

export const ProgramKey = Type.Object(
  { epoch: Type.Integer({ minimum: 1 }), publicKey: PublicKey, keyId: Type.String() },
  strict,
);
export type ProgramKey = Static<typeof ProgramKey>;

export const ProgramInfo = Type.Object({
  name: Type.String(),
  setupComplete: Type.Boolean(),
});
export type ProgramInfo = Static<typeof ProgramInfo>;

export const StartConversation = Type.Object(
  { participantKey: PublicKey, language: Type.Optional(LanguageTag) },
  strict,
);
export type StartConversation = Static<typeof StartConversation>;

export const ConversationStarted = Type.Object({
  conversationId: Uuid,
  token: Token,
  programKey: ProgramKey,
});
export type ConversationStarted = Static<typeof ConversationStarted>;

/** `POST /api/conversations/end`: the participant's token, nothing else (quick exit, when the socket cannot be trusted to carry the close). */
export const EndConversation = Type.Object({ token: Token }, strict);
export type EndConversation = Static<typeof EndConversation>;

export const StaffKeyUpload = Type.Object({ publicKey: PublicKey, wrappedPrivateKey: SealedKey }, strict);
export type StaffKeyUpload = Static<typeof StaffKeyUpload>;

export const Setup = Type.Object(
  {
    setupToken: Token,
    username: Username,
    displayName: DisplayName,
    /** The name participants see; absent: the first word of `displayName`. */
    participantName: Type.Optional(ParticipantName),
    kdf: Kdf,
    loginProof: LoginProof,
    staffKey: StaffKeyUpload,
    programKey: Type.Object({ publicKey: PublicKey, grant: SealedKey, attestation: Type.Optional(Attestation) }, strict),
    totp: TotpEnrollment,
  },
  strict,
);
export type Setup = Static<typeof Setup>;

export const AcceptInvite = Type.Object(
  {
    inviteToken: Token,
    username: Username,
    displayName: DisplayName,
    /** The name participants see; absent: the first word of `displayName`. */
    participantName: Type.Optional(ParticipantName),
    kdf: Kdf,
    loginProof: LoginProof,
    staffKey: StaffKeyUpload,
    totp: TotpEnrollment,
  },
  strict,
);
export type AcceptInvite = Static<typeof AcceptInvite>;

export const PreLogin = Type.Object({ username: Username }, strict);
export const PreLoginReply = Type.Object({ kdf: Kdf });
export type PreLoginReply = Static<typeof PreLoginReply>;

/**
 * `totpCode` is required to succeed; a missing one fails like a wrong one (the same 401), not as a
 * malformed request. `totp` only for an account made before two-factor, which enrols as it signs in.
 */
export const Login = Type.Object(
  { username: Username, loginProof: LoginProof, totpCode: Type.Optional(TotpCode), totp: Type.Optional(TotpEnrollment) },
  strict,
);
export type Login = Static<typeof Login>;

export const Grant = Type.Object({ epoch: Type.Integer({ minimum: 1 }), sealed: SealedKey });
export type Grant = Static<typeof Grant>;

/** What a signed-in staff member's browser needs to open its keys. */
export const StaffSelf = Type.Object({
  id: Uuid,
  username: Username,
  /** What other staff see. */
  displayName: DisplayName,
  /** What participants (and interpreters) see: the console writes it inside each message it encrypts. */
  participantName: ParticipantName,
  role: Role,
  kdf: Kdf,
  publicKey: PublicKey,
  wrappedPrivateKey: SealedKey,
  grants: Type.Array(Grant),
  programKeys: Type.Array(ProgramKey),
});
export type StaffSelf = Static<typeof StaffSelf>;

export const Session = Type.Object({ token: Token, me: StaffSelf });
export type Session = Static<typeof Session>;

/** `PUT /api/staff/me/participant-name`: the member's own name as participants see it. */
export const SetParticipantName = Type.Object({ participantName: ParticipantName }, strict);
export type SetParticipantName = Static<typeof SetParticipantName>;

export const CreateInvite = Type.Object({ role: Role }, strict);
export const InviteCreated = Type.Object({ inviteToken: Token, role: Role, expiresAt: Type.String() });
export type InviteCreated = Static<typeof InviteCreated>;
/** An invite link not yet used nor expired; `id` is the hash the server keeps of its token, never the token. */
export const PendingInvite = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  role: Role,
  createdBy: Type.Union([DisplayName, Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
});
export type PendingInvite = Static<typeof PendingInvite>;
export const PendingInvites = Type.Object({ invites: Type.Array(PendingInvite) });
export type PendingInvites = Static<typeof PendingInvites>;
export const InviteParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) }, strict);

export const StaffMember = Type.Object({
  id: Uuid,
  username: Username,
  displayName: DisplayName,
  role: Role,
  active: Type.Boolean(),
  publicKey: PublicKey,
  /** Whether this member holds a grant for the current program key epoch. */
  granted: Type.Boolean(),
  /** An admin's browser's MAC over this member's key, made when it was checked (crypto/attestation.ts); null when none. */
  attestation: Type.Union([Attestation, Type.Null()]),
});
export type StaffMember = Static<typeof StaffMember>;
export const StaffList = Type.Object({
  members: Type.Array(StaffMember),
  epoch: Type.Integer(),
  /** A member was deactivated since this epoch was made: an admin's browser must start a new one. */
  rotationOwed: Type.Boolean(),
});
export type StaffList = Static<typeof StaffList>;

export const MemberParams = Type.Object({ id: Uuid }, strict);
export const GrantUpload = Type.Object({ epoch: Type.Integer({ minimum: 1 }), sealed: SealedKey, attestation: Type.Optional(Attestation) }, strict);
export type GrantUpload = Static<typeof GrantUpload>;

const Alternative = Type.Object({ label: Type.String({ minLength: 1, maxLength: 80 }), value: Type.String({ minLength: 1, maxLength: 200 }) }, strict);

/** `GET /api/status`: for the participant page and the program's own website. */
export const ServiceStatus = Type.Object({
  state: Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('emergency')]),
  message: Type.Union([Type.String(), Type.Null()]),
  opens_at: Type.Union([Type.String(), Type.Null()]),
  alternatives: Type.Array(Alternative),
});
export type ServiceStatus = Static<typeof ServiceStatus>;

export const SetStatus = Type.Object(
  {
    override: Type.Union([Type.Literal('none'), Type.Literal('closed'), Type.Literal('emergency')]),
    message: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    alternatives: Type.Optional(Type.Array(Alternative, { maxItems: 10 })),
  },
  strict,
);
export type SetStatus = Static<typeof SetStatus>;

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Ranges = Type.Array(Type.Tuple([Clock, Clock]), { maxItems: 6 });
export const Hours = Type.Object(
  {
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    weekly: Type.Object(
      { mon: Type.Optional(Ranges), tue: Type.Optional(Ranges), wed: Type.Optional(Ranges), thu: Type.Optional(Ranges), fri: Type.Optional(Ranges), sat: Type.Optional(Ranges), sun: Type.Optional(Ranges) },
      strict,
    ),
    exceptions: Type.Record(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), Ranges, { maxProperties: 366 }),
  },
  strict,
);
export const SetHours = Type.Object({ hours: Type.Union([Hours, Type.Null()]) }, strict);

/** What the admin's forms start from: the switch position and the hours behind the public status. */
export const AdminSettings = Type.Object({
  override: Type.Union([Type.Literal('none'), Type.Literal('closed'), Type.Literal('emergency')]),
  message: Type.Union([Type.String(), Type.Null()]),
  alternatives: Type.Array(Alternative),
  hours: Type.Union([Hours, Type.Null()]),
});
export type AdminSettings = Static<typeof AdminSettings>;
export type SetHours = Static<typeof SetHours>;

export const Deactivated = Type.Object({ epoch: Type.Integer() });
export type Deactivated = Static<typeof Deactivated>;

/** A new program key epoch, made in an admin's browser: its public half and a grant for every active member. */
export const RotateProgramKey = Type.Object(
  {
    epoch: Type.Integer({ minimum: 2 }),
    publicKey: PublicKey,
    grants: Type.Array(Type.Object({ staffId: Uuid, sealed: SealedKey, attestation: Type.Optional(Attestation) }, strict), { minItems: 1, maxItems: 1000 }),
  },
  strict,
);
export type RotateProgramKey = Static<typeof RotateProgramKey>;

/** `GET /api/admin/audit`: the newest entries and the verification of the whole chain. */
export const AuditReply = Type.Object({
  verification: Type.Object({
    ok: Type.Boolean(),
    entries: Type.Integer(),
    brokenAt: Type.Optional(Type.Integer()),
    reason: Type.Optional(Type.String()),
  }),
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String(),
      actorId: Type.Union([Type.String(), Type.Null()]),
      action: Type.String(),
      detail: Type.Record(Type.String(), Type.Unknown()),
      hash: Type.String(),
    }),
  ),
});
export type AuditReply = Static<typeof AuditReply>;
export type AuditEntry = AuditReply['entries'][number];
export type AuditVerification = AuditReply['verification'];

export { Channel };
