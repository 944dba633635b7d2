import type { Role, TransferCandidate, TransferNote } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { removeStaff } from './conversation-staff';
import { hasGrant } from '../staff/store';
import { dropNotesOf, putNote, signedInStaff, takeNotes } from './transfer-store';
import { ConversationError } from './conversation-error';

export interface StaffMember {
  id: string;
  display_name: string;
  /** The name participants see: what they are told when this member takes over or joins. */
  participant_name: string;
  role: Role;
}

/**
 * Moving a conversation from the member who holds it to another signed-in member. The note was
 * sealed in the sender's browser to the receiver's staff key: the server keeps the ciphertext
 * until the receiver takes it, or the conversation closes. The receiver opens the conversation
 * itself with the program key, as any holder does.
 */
export class Transfers {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Everyone else signed in, with what the console needs to choose and to seal a note. */
  async candidates(staffId: string): Promise<TransferCandidate[]> {
    return (await signedInStaff(this.db, this.clock())).filter((member) => member.id !== staffId);
  }

  async transfer(from: StaffMember, conversationId: string, toStaffId: string, note: string | null): Promise<void> {
    if (toStaffId === from.id) throw new ConversationError('conflict', 'This conversation is already yours.');
    const now = this.clock();
    const receiver = await this.db.transaction().execute(async (trx) => {
      const row = await lockOpen(trx, conversationId);
      if (row.status !== 'active' || row.assigned_to !== from.id) {
        throw new ConversationError('forbidden', 'Only the member who holds a conversation can transfer it.');
      }
      const to = await trx
        .selectFrom('staff')
        .select(['id', 'display_name', 'participant_name', 'role'])
        .where('id', '=', toStaffId)
        .where('active', '=', true)
        .where((eb) =>
          eb.exists(eb.selectFrom('staff_sessions').select('token_hash').whereRef('staff_sessions.staff_id', '=', 'staff.id').where('staff_sessions.expires_at', '>', now)),
        )
        .executeTakeFirst();
      if (!to) throw new ConversationError('not_found', 'That member is not signed in now. Pick someone who is.');
      if (!(await hasGrant(trx, to.id, row.epoch))) {
        throw new ConversationError('forbidden', `${to.display_name} does not hold the program key this conversation was opened with.`);
      }
      await trx.updateTable('conversations').set({ assigned_to: to.id }).where('id', '=', conversationId).execute();
      // Watching or joined until now, the receiver now holds it; the sender keeps nothing.
      await removeStaff(trx, conversationId, to.id);
      await dropNotesOf(trx, conversationId, from.id);
      await putNote(trx, { conversationId, toStaffId: to.id, fromStaffId: from.id, sealed: note });
      return to;
    });
    // Who and which roles, never which conversation: the entry outlives it.
    await this.audit.record('conversation.transferred', from.id, { from: from.id, to: receiver.id, role: receiver.role });
    await announceNewHolder(this.bus, conversationId, { id: receiver.id, participantName: receiver.participant_name }, from.id);
    await this.bus.publish({ kind: 'alert', staffIds: [receiver.id], alert: { type: 'alert', alert: 'transferred', conversationId, from: from.display_name } });
  }

  /** The member's waiting notes, deleted as they are handed over. */
  async takeNotes(staffId: string): Promise<TransferNote[]> {
    return (await takeNotes(this.db, staffId)).map((row) => ({
      conversationId: row.conversation_id,
      from: { id: row.from_staff_id, displayName: row.from_name },
      note: row.sealed,
      at: row.created_at.toISOString(),
    }));
  }
}

/** An open conversation's state, holder and key epoch, locked for a change of who holds it. */
export async function lockOpen(trx: Db, conversationId: string) {
  const row = await trx
    .selectFrom('conversations')
    .select(['status', 'assigned_to', 'epoch'])
    .where('id', '=', conversationId)
    .where('status', '!=', 'closed')
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new ConversationError('not_found', 'That conversation has ended.');
  return row;
}

/**
 * After the holder of a conversation changed (transfer or take-over): the new holder stops being a
 * guest of it, the participant hears who is there now (by the name participants see), and every
 * queue is redrawn (the old holder's console forgets the conversation).
 */
export async function announceNewHolder(bus: Bus, conversationId: string, holder: { id: string; participantName: string }, previous: string): Promise<void> {
  await bus.publish({ kind: 'staff-left', conversationId, staffId: holder.id });
  await bus.publish({ kind: 'staff-left', conversationId, staffId: previous });
  await bus.publish({ kind: 'conversation', conversationId, status: 'active', staffName: holder.participantName });
  await bus.publish({ kind: 'staff-notice', conversationId, notice: 'transferred', name: holder.participantName, assignedTo: holder.id });
  await bus.publish({ kind: 'queue' });
}
