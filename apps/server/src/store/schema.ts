import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** One row: the program this instance serves. */
export interface ProgramTable {
  id: ColumnType<number, 1, never>;
  name: string;
  /** Keys the prelogin decoy salts; never leaves the server. */
  server_secret: string;
  setup_token_hash: string | null;
  status_override: ColumnType<'none' | 'closed' | 'emergency', 'none' | 'closed' | 'emergency' | undefined, 'none' | 'closed' | 'emergency'>;
  status_message: string | null;
  /** A member was deactivated since the newest program key epoch was made. */
  rotation_owed: Generated<boolean>;
  /** Other ways to reach the program ([{label, value}]); null: the ALTERNATIVES setting. */
  alternatives: ColumnType<Array<{ label: string; value: string }> | null, string | null | undefined, string | null>;
  /** The weekly hours (program/hours.ts); null: open at all hours. */
  hours: ColumnType<import('@lantern/protocol/hours-rule').Hours | null, string | null | undefined, string | null>;
  /** SMS: AES and HMAC key material for phone numbers, when SERVER_KEY is not set (base64url, 32 bytes). */
  sms_server_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** What an admin changed from the built-in notices, by language and notice (notices/); null: all built in. */
  notices: ColumnType<Record<string, Partial<import('@lantern/protocol').NoticeSet>> | null, string | null | undefined, string | null>;
  /** Optional questions asked before a chat (notices/); null: none. */
  questions: ColumnType<import('@lantern/protocol').Question[] | null, string | null | undefined, string | null>;
  /** Days a closed conversation's ciphertext is kept, as an admin chose it; null: the RETENTION_DAYS setting. */
  retention_days: ColumnType<number | null, number | null | undefined, number | null>;
  /** Routing (conversations/routing.ts): conversations one advocate may hold at once. */
  conversation_cap: Generated<number>;
  /** Routing: no new conversation for an advocate this many minutes before their shift ends. */
  shift_end_margin_minutes: Generated<number>;
  created_at: CreatedAt;
}

export interface ProgramKeyTable {
  epoch: number;
  public_key: string;
  key_id: string;
  created_at: CreatedAt;
}

export interface StaffTable {
  id: string;
  username: string;
  /** What other staff see. */
  display_name: string;
  /** What participants and interpreters see ("Sam"): the first word of the display name unless the member chose another. */
  participant_name: string;
  role: 'advocate' | 'supervisor' | 'admin';
  kdf_salt: string;
  kdf_iterations: number;
  /** Argon2id of the login proof; the password never reaches the server. */
  proof_hash: string;
  public_key: string;
  wrapped_private_key: string;
  active: Generated<boolean>;
  /** The TOTP secret, sealed with a server key (staff/totp.ts); null only for accounts made before two-factor. */
  totp_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  /** The last TOTP time step accepted: a code is good once. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  /** Consecutive failed sign-ins (password or code); success resets it. */
  failed_sign_ins: Generated<number>;
  /** Locks so far in this run of failures: each lasts twice the one before. */
  lock_count: Generated<number>;
  locked_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Routing: the hash of the session that set this member available; away when null or that session has ended. */
  available_session: ColumnType<string | null, string | null | undefined, string | null>;
  shift_ends_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When routing or a claim last handed this member a conversation: ties go to who waited longest. */
  last_assigned_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
}

/** The program private key of one epoch, sealed by a staff browser to one member's public key. */
export interface KeyGrantTable {
  staff_id: string;
  epoch: number;
  sealed: string;
  granted_by: string | null;
  /** The granting admin's MAC over the member's key; null for grants made before protocol v2. */
  attestation: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
}

export interface StaffInviteTable {
  token_hash: string;
  role: 'advocate' | 'supervisor' | 'admin';
  created_by: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface StaffSessionTable {
  token_hash: string;
  staff_id: string;
  expires_at: Timestamp;
  /** The last request or frame of this session, for the idle time-out. */
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

/** A live conversation. Deleted, with its messages, when it closes. */
export interface ConversationTable {
  id: string;
  channel: 'web' | 'sms';
  /** 'closed' only while a program's retention keeps the ciphertext; by default a closed conversation is deleted. */
  status: 'waiting' | 'active' | 'closed';
  language: string | null;
  /** The public key E of the holder of the conversation secret: the participant's page, or the server for a text. */
  participant_key: string | null;
  /** 1: made before protocol v2 (ended at start); 2: content under a secret that lives only in memory. */
  protocol: ColumnType<number, number | undefined, number>;
  /** Retention above 0 only: the conversation secret sealed to the program key, until the purge. */
  escrow: ColumnType<string | null, string | null | undefined, string | null>;
  epoch: number;
  token_hash: string;
  assigned_to: string | null;
  last_seq: Generated<number>;
  created_at: CreatedAt;
  answered_at: Date | null;
  /** The participant's last message (or the start): the inactivity sweep measures silence from here. */
  participant_active_at: Generated<Date>;
  warned_at: Date | null;
  /** When the participant pressed "I understand" under the rights notice (web), or the SMS start notice went out; until then a participant's web message is refused. */
  rights_acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_at: Date | null;
  purge_at: Date | null;
  /** Staff started it (texting a number first): the statistics count it apart from what participants start. */
  outbound: Generated<boolean>;
}

export interface MessageTable {
  conversation_id: string;
  seq: number;
  client_id: string;
  sender: 'participant' | 'staff' | 'interpreter';
  staff_id: string | null;
  /** Ciphertext only: the server has no key that opens it. */
  body: string;
  created_at: CreatedAt;
}

/** Aggregate counters by hour and channel: what survives a closed conversation. */
export interface ConversationStatsTable {
  hour: Timestamp;
  channel: 'web' | 'sms';
  started: number;
  answered: number;
  abandoned: number;
  wait_seconds: number;
  duration_seconds: number;
  /** Conversations staff started, counted apart from `started`. */
  outbound: Generated<number>;
  /** Answer to close, over answered conversations. */
  answered_seconds: Generated<number>;
  /** Start to close, over abandoned conversations. */
  abandoned_seconds: Generated<number>;
  /** Answered conversations by how long they waited (protocol WAIT_BANDS). */
  waited_under_1m: Generated<number>;
  waited_1_to_5m: Generated<number>;
  waited_5_to_15m: Generated<number>;
  waited_15_to_30m: Generated<number>;
  waited_30m_plus: Generated<number>;
}

/** The phone number of one SMS conversation, sealed with the server key. Detached (conversation_id null) at close, then erased. */
export interface SmsConversationTable {
  id: string;
  conversation_id: string | null;
  provider: 'twilio' | 'telnyx' | 'vonage';
  /** HMAC-SHA-256 of the E.164 number under the server key: finds the open conversation of a number. */
  phone_hash: string;
  phone_sealed: string;
  /** The language notices go out in. */
  language: string;
  start_notice_sent: Generated<boolean>;
  stopped_at: Date | null;
  created_at: CreatedAt;
}

/** A message the provider keeps a copy of; once its conversation has closed, the provider is asked to delete it. */
export interface SmsRemoteMessageTable {
  id: string;
  conversation_id: string | null;
  provider: 'twilio' | 'telnyx' | 'vonage';
  message_id_sealed: string;
  direction: 'inbound' | 'outbound';
  due_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
}

/** Keyed hashes of inbound provider message ids, so a provider's retry is stored once. */
export interface SmsSeenTable {
  id_hash: string;
  expires_at: Timestamp;
}

/** Keyed hashes of numbers that texted STOP: nothing more is sent to them until START. */
export interface SmsOptOutTable {
  phone_hash: string;
  created_at: CreatedAt;
}

/** Keyed hashes of conversations that ended with STOP, so a late reply is refused with the reason. */
export interface SmsStopTable {
  conversation_hash: string;
  expires_at: Timestamp;
}

/** A returning participant's code word, sealed in their browser to the program key. No conversation id: it outlives them. */
export interface CodeWordTable {
  reference: string;
  sealed: string | null;
  epoch: number | null;
  /** When the current code word was set. */
  created_at: Date | null;
  /** Hash of the one-time token that lets a page set the code word, while one is owed. */
  pending_hash: string | null;
  pending_expires_at: Date | null;
  /** Hash of the chat this reference was last checked in, for an hour: only there may it be renewed. */
  checked_hash: string | null;
  checked_until: Date | null;
}

/** One of the program's standard texts: the program's own words, not participant content. */
export interface CannedMessageTable {
  id: string;
  title: string;
  text: string;
  language: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One staff action. `detail` names staff, roles and settings, never content or a participant. */
export interface AuditLogTable {
  seq: number;
  at: ColumnType<Date, Date | string, never>;
  actor_id: string | null;
  action: string;
  detail: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

/** Conversation events of one member, action and detail in one hour, not yet folded into the chain. */
export interface AuditHourlyTable {
  hour: ColumnType<Date, Date, never>;
  actor_key: string;
  action: string;
  detail: string;
  count: number;
}

/** A supervisor taking part in a live conversation besides the assigned member: watching (read only) or joined (writes too). */
export interface ConversationStaffTable {
  conversation_id: string;
  staff_id: string;
  mode: 'watch' | 'join';
  created_at: CreatedAt;
}

/** A transfer's note, sealed in the sender's browser to the receiver's staff key; deleted once handed over or at close. */
export interface TransferNoteTable {
  conversation_id: string;
  to_staff_id: string;
  from_staff_id: string;
  sealed: string | null;
  created_at: CreatedAt;
}

/** The interpreter of one live conversation (interpreters/): hashes of bearer tokens only. */
export interface InterpreterTable {
  conversation_id: string;
  /** The link's single-use token; null once redeemed or withdrawn. */
  invite_hash: string | null;
  /** The socket credential the link was redeemed for; null before, and once the interpreter is out. */
  session_hash: string | null;
  state: 'invited' | 'asking' | 'joined' | 'declined' | 'left';
  expires_at: Timestamp;
  /** The last message before the interpreter joined: they are sent only what follows. */
  joined_seq: number | null;
  created_at: CreatedAt;
}

export interface Database {
  program: ProgramTable;
  program_keys: ProgramKeyTable;
  staff: StaffTable;
  key_grants: KeyGrantTable;
  staff_invites: StaffInviteTable;
  staff_sessions: StaffSessionTable;
  conversations: ConversationTable;
  conversation_staff: ConversationStaffTable;
  transfer_notes: TransferNoteTable;
  messages: MessageTable;
  conversation_stats: ConversationStatsTable;
  audit_log: AuditLogTable;
  audit_hourly: AuditHourlyTable;
  sms_conversations: SmsConversationTable;
  sms_remote_messages: SmsRemoteMessageTable;
  sms_seen: SmsSeenTable;
  sms_opt_outs: SmsOptOutTable;
  sms_stops: SmsStopTable;
  code_words: CodeWordTable;
  canned_messages: CannedMessageTable;
  interpreters: InterpreterTable;
}

export type StaffRow = Selectable<StaffTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
export type SmsConversationRow = Selectable<SmsConversationTable>;
export type SmsRemoteMessageRow = Selectable<SmsRemoteMessageTable>;
