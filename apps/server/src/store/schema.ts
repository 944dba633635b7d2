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
  display_name: string;
  role: 'advocate' | 'supervisor' | 'admin';
  kdf_salt: string;
  kdf_iterations: number;
  /** Argon2id of the login proof; the password never reaches the server. */
  proof_hash: string;
  public_key: string;
  wrapped_private_key: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}

/** The program private key of one epoch, sealed by a staff browser to one member's public key. */
export interface KeyGrantTable {
  staff_id: string;
  epoch: number;
  sealed: string;
  granted_by: string | null;
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
  created_at: CreatedAt;
}

/** A live conversation. Deleted, with its messages, when it closes. */
export interface ConversationTable {
  id: string;
  channel: 'web' | 'sms';
  status: 'waiting' | 'active';
  language: string | null;
  participant_key: string;
  epoch: number;
  token_hash: string;
  assigned_to: string | null;
  last_seq: Generated<number>;
  created_at: CreatedAt;
  answered_at: Date | null;
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
}

export interface Database {
  program: ProgramTable;
  program_keys: ProgramKeyTable;
  staff: StaffTable;
  key_grants: KeyGrantTable;
  staff_invites: StaffInviteTable;
  staff_sessions: StaffSessionTable;
  conversations: ConversationTable;
  messages: MessageTable;
  conversation_stats: ConversationStatsTable;
}

export type StaffRow = Selectable<StaffTable>;
export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessage = Insertable<MessageTable>;
