import { randomUUID } from 'node:crypto';
import type { ConversationSummary, KeyGrantFrame, MessageFrame, Sender } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import * as conversations from './store';
import type { ProgramStatus } from '../program/status-service';
import { currentProgramKey } from '../program/store';
import { claimWithinCap } from './routing-store';
import type { ConversationRow, MessageRow } from '../store/schema';
import { findParticipantName, hasGrant } from '../staff/store';
import { staffMode } from './conversation-staff';
import { addSupervision } from './staff-queues';
import { hashToken, newToken } from '../tokens';
import { admittedFrom } from '../interpreters/service';
import type { ServerHeldSecrets } from './server-held';
import { closeConversation } from './close';
import { ConversationError } from './conversation-error';

export type Actor =
  | { role: 'participant'; conversationId: string }
  | { role: 'staff'; staffId: string; displayName: string }
  /** A guest in one conversation (interpreters/), known by the hash of its socket credential. */
  | { role: 'interpreter'; conversationId: string; sessionHash: string };

/** The conversation lifecycle: start, claim, send, sync, close. Storage and fan-out are the store's and the bus's. */
export class ConversationService {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    /** Days a closed conversation's ciphertext is kept; 0 deletes it at close. Read at each close: an admin may change it. */
    private readonly retentionDays: () => Promise<number>,
    /** Whether the line takes new conversations now (status switch and hours). */
    private readonly status: ProgramStatus,
    private readonly audit: AuditLog,
    /** Conversations whose secret the server itself holds (texts: the server is the texter's end). */
    private readonly serverHeld: ServerHeldSecrets,
    /** The time timers are measured by; tests move it. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(input: { participantKey: string; language: string | null; channel: 'web' | 'sms' }) {
    const programKey = await currentProgramKey(this.db);
    if (!programKey) throw new ConversationError('unavailable', 'This line is not set up yet.');
    const status = await this.status.current();
    if (status.state !== 'open') {
      throw new ConversationError('unavailable', status.message ?? 'The chat is closed right now. Please use one of the other ways to reach us.');
    }
    const id = randomUUID();
    const token = newToken();
    await conversations.insertConversation(this.db, {
      id,
      channel: input.channel,
      language: input.language,
      participantKey: input.participantKey,
      epoch: programKey.epoch,
      tokenHash: hashToken(token),
    });
    await this.bus.publish({ kind: 'queue' });
    return {
      conversationId: id,
      token,
      programKey: { epoch: programKey.epoch, publicKey: programKey.public_key, keyId: programKey.key_id },
    };
  }

  participantForToken(token: string) {
    return conversations.findConversationByTokenHash(this.db, hashToken(token));
  }

  /** Who holds the conversation, as participants see them: never the display name, which is for staff. */
  async staffNameFor(row: ConversationRow): Promise<string | null> {
    if (!row.assigned_to) return null;
    return (await findParticipantName(this.db, row.assigned_to)) ?? null;
  }

  async claim(conversationId: string, staff: { staffId: string; displayName: string }): Promise<void> {
    const row = await conversations.findConversation(this.db, conversationId);
    if (!row) throw new ConversationError('not_found', 'That conversation has ended.');
    if (!(await hasGrant(this.db, staff.staffId, row.epoch))) {
      throw new ConversationError('forbidden', 'You do not hold the program key for this conversation yet.');
    }
    const claimed = await claimWithinCap(this.db, conversationId, staff.staffId, this.clock());
    if (!claimed.ok && claimed.reason === 'over_cap') {
      throw new ConversationError('conflict', `You already hold ${claimed.cap} conversations, the most the program allows at once. End one before answering another.`);
    }
    if (!claimed.ok) throw new ConversationError('conflict', 'Someone else has answered this conversation.');
    // Which conversation stays out of the log: it would outlive the conversation and link its metadata.
    await this.audit.record('conversation.answered', staff.staffId, { channel: claimed.row.channel });
    const staffName = (await findParticipantName(this.db, staff.staffId)) ?? null;
    await this.bus.publish({ kind: 'conversation', conversationId, status: 'active', staffName });
    await this.bus.publish({ kind: 'queue' });
  }

  /** Stores one ciphertext and fans it out; resolves once it is committed. */
  /** `channel` is the path the message came by: a web ciphertext sent into a text conversation would never reach the phone. */
  async send(actor: Actor, input: { conversationId: string; clientId: string; body: string }, channel: 'web' | 'sms' = 'web') {
    const row = await this.authorize(actor, input.conversationId);
    if (row.channel !== channel) {
      throw new ConversationError('forbidden', row.channel === 'sms' ? 'This is a text conversation: reply with the text composer.' : 'This is not a text conversation.');
    }
    // The rights notice comes first (http/notices.ts); a text line's start notice plays its part.
    if (actor.role === 'participant' && row.channel === 'web' && !row.rights_acknowledged_at) {
      throw new ConversationError('forbidden', 'Please read the notice at the start of the chat and press “I understand” before writing.');
    }
    const sender: Sender = actor.role;
    const result = await conversations.appendMessage(this.db, {
      conversationId: input.conversationId,
      clientId: input.clientId,
      sender,
      staffId: actor.role === 'staff' ? actor.staffId : null,
      body: input.body,
    }, this.clock());
    if (!result.ok) {
      if (result.reason === 'gone') throw new ConversationError('closed', 'This conversation has ended.');
      if (result.reason === 'not_assigned') throw new ConversationError('forbidden', 'This conversation is not yours.');
      throw new ConversationError('conflict', 'That message id is already used.');
    }
    // A duplicate is published again: the node that stored it may have died before it could.
    const frame: MessageFrame = {
      type: 'message',
      conversationId: input.conversationId,
      seq: result.seq,
      clientId: input.clientId,
      sender,
      body: input.body,
      sentAt: result.createdAt.toISOString(),
      ...(actor.role === 'staff' ? { author: { id: actor.staffId, displayName: actor.displayName } } : {}),
    };
    await this.bus.publish({ kind: 'message', frame, assignedTo: result.assignedTo });
    return { seq: result.seq };
  }

  /** One page of a sync: at most `limit` messages after `afterSeq`. */
  async messagesAfter(actor: Actor, conversationId: string, afterSeq: number, limit: number): Promise<MessageFrame[]> {
    await this.authorize(actor, conversationId, 'read');
    // An interpreter reads from the moment they joined, not what was said before.
    if (actor.role === 'interpreter') afterSeq = Math.max(afterSeq, await admittedFrom(this.db, actor, conversationId));
    const rows = await conversations.messagesAfter(this.db, conversationId, afterSeq, limit);
    return rows.map((row) => toMessageFrame(row, actor.role === 'staff'));
  }

  async close(actor: Actor, conversationId: string): Promise<void> {
    if (actor.role === 'interpreter') throw new ConversationError('forbidden', 'An interpreter leaves the chat; only its two sides end it.');
    await this.authorize(actor, conversationId);
    const closed = await closeConversation(this.db, conversationId, await this.retentionDays(), this.clock());
    if (!closed) return;
    await this.bus.publish({ kind: 'closed', conversationId, by: actor.role, assignedTo: closed.assigned_to });
    await this.bus.publish({ kind: 'queue' });
  }

  /**
   * A staff device asks for the conversation secret (protocol v2). Only members who may read the
   * conversation are heard; the holder seals the secret to the device's one-conversation key, which
   * needs the program key too, so a device key slipped in by anyone else opens nothing.
   */
  async requestKey(actor: Actor, conversationId: string, deviceKey: string): Promise<void> {
    if (actor.role !== 'staff') throw new ConversationError('forbidden', 'Only staff devices ask for a conversation key.');
    const row = await this.authorize(actor, conversationId, 'read');
    if (row.channel === 'sms') {
      const frame = await this.serverHeld.grant(row, deviceKey);
      if (!frame) throw new ConversationError('closed', 'The key of this text conversation was lost in a server restart.');
      await this.bus.publish({ kind: 'key-grant', frame, assignedTo: row.assigned_to });
      return;
    }
    await this.bus.publish({ kind: 'key-request', conversationId, deviceKey });
  }

  /** The participant's page answers a request: relayed to the conversation's staff sockets, stored nowhere. */
  async grantKey(actor: Actor, frame: KeyGrantFrame): Promise<void> {
    if (actor.role !== 'participant') throw new ConversationError('forbidden', 'Only the participant hands out their conversation key.');
    const row = await this.authorize(actor, frame.conversationId, 'read');
    await this.bus.publish({ kind: 'key-grant', frame, assignedTo: row.assigned_to });
  }

  /** Retention above 0: the holder's console leaves the secret sealed to the program key, kept until the purge. */
  async keepEscrow(actor: Actor, conversationId: string, sealed: string): Promise<void> {
    if (actor.role !== 'staff') throw new ConversationError('forbidden', 'Only staff keep a conversation for the program.');
    await this.authorize(actor, conversationId);
    if ((await this.retentionDays()) === 0) throw new ConversationError('forbidden', 'This program keeps no closed conversations.');
    await conversations.keepEscrow(this.db, conversationId, sealed);
  }

  /**
   * At start: ends what no one can read any more: conversations made under v1 keys before the
   * upgrade, and text conversations whose secret the server lost (a restart without Redis). Their
   * participants and staff are told it ended, as after any close.
   */
  async endUnreadable(): Promise<number> {
    let ended = 0;
    for (const row of await conversations.openV1OrText(this.db)) {
      if (row.protocol === 2 && (await this.serverHeld.secretOf(row.id))) continue;
      const closed = await closeConversation(this.db, row.id, await this.retentionDays(), this.clock());
      if (!closed) continue;
      ended++;
      await this.bus.publish({ kind: 'closed', conversationId: row.id, by: 'system', assignedTo: closed.assigned_to });
    }
    if (ended > 0) await this.bus.publish({ kind: 'queue' });
    return ended;
  }

  async queueFor(staffId: string): Promise<ConversationSummary[]> {
    return (await this.queuesFor([staffId])).get(staffId) ?? [];
  }

  /** Every listed member's queue (the waiting conversations and their own) in two queries. */
  async queuesFor(staffIds: string[]): Promise<Map<string, ConversationSummary[]>> {
    const queues = new Map<string, ConversationSummary[]>();
    if (staffIds.length === 0) return queues;
    const rows = await conversations.waitingOrHeldBy(this.db, staffIds);
    const keeps = (await this.retentionDays()) > 0;
    const toSummary = (row: ConversationRow, assignedName: string | null) => summaryOf(row, assignedName, keeps);
    const waiting = rows.filter((row) => row.status === 'waiting').map((row) => toSummary(row, null));
    for (const id of staffIds) queues.set(id, [...waiting]);
    for (const row of rows) {
      if (row.status !== 'active' || !row.assigned_to) continue;
      queues.get(row.assigned_to)?.push(toSummary(row, row.assigned_name));
    }
    await addSupervision(this.db, staffIds, queues, toSummary);
    return queues;
  }

  /** Throws unless the actor may read (`read`: supervisors watching too) or read and write this conversation. */
  async authorize(actor: Actor, conversationId: string, access: 'read' | 'write' = 'write'): Promise<ConversationRow> {
    const row = await conversations.findConversation(this.db, conversationId);
    if (actor.role === 'interpreter') {
      if (actor.conversationId !== conversationId) throw new ConversationError('forbidden', 'Not your conversation.');
      if (!row) throw new ConversationError('closed', 'This conversation has ended.');
      await admittedFrom(this.db, actor, conversationId);
      return row;
    }
    if (actor.role === 'participant') {
      if (actor.conversationId !== conversationId) throw new ConversationError('forbidden', 'Not your conversation.');
      if (!row) throw new ConversationError('closed', 'This conversation has ended.');
      return row;
    }
    if (!row) throw new ConversationError('not_found', 'That conversation has ended.');
    if (row.assigned_to === actor.staffId) return row;
    // Besides the holder: supervisors who joined (read and write) or watch (read only).
    const mode = await staffMode(this.db, conversationId, actor.staffId);
    if (mode === 'join' || (mode === 'watch' && access === 'read')) return row;
    throw new ConversationError('forbidden', mode === 'watch' ? 'You are watching this conversation: join it to write.' : 'This conversation is not yours.');
  }
}

/** `forStaff`: with the writer of a staff line; participants and interpreters never learn which member wrote. */
function toMessageFrame(row: MessageRow & { author_name: string | null }, forStaff: boolean): MessageFrame {
  return {
    type: 'message',
    conversationId: row.conversation_id,
    seq: row.seq,
    clientId: row.client_id,
    sender: row.sender,
    body: row.body,
    sentAt: row.created_at.toISOString(),
    ...(forStaff && row.staff_id && row.author_name ? { author: { id: row.staff_id, displayName: row.author_name } } : {}),
  };
}

function summaryOf(row: ConversationRow, assignedName: string | null, keeps: boolean): ConversationSummary {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status === 'waiting' ? 'waiting' : 'active',
    language: row.language,
    participantKey: row.participant_key,
    epoch: row.epoch,
    createdAt: row.created_at.toISOString(),
    assignedTo: row.assigned_to && assignedName ? { id: row.assigned_to, displayName: assignedName } : null,
    lastSeq: row.last_seq,
    rightsAcknowledged: row.rights_acknowledged_at !== null,
    ...(keeps && row.escrow === null ? { escrowWanted: true } : {}),
  };
}
