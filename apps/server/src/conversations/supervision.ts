import type { Notified, SuperviseRequest } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { removeStaff, setStaffMode } from './conversation-staff';
import { hasGrant } from '../staff/store';
import { dropNotesOf, signedInStaff } from './transfer-store';
import { ConversationError } from './conversation-error';
import type { ConversationService } from './service';
import { announceNewHolder, lockOpen, type StaffMember } from './transfer';

const SUPERVISING_ROLES = new Set(['supervisor', 'admin']);

/**
 * Supervisors (and admins) with a live conversation: watch it read-only, join it to write beside
 * the advocate, or take it over. Advocates ask for a supervisor, or for a debrief after a hard one.
 */
export class Supervision {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly conversations: ConversationService,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async supervise(actor: StaffMember, conversationId: string, action: SuperviseRequest['action']): Promise<void> {
    if (action === 'leave') {
      if (await removeStaff(this.db, conversationId, actor.id)) await this.changed(conversationId, actor.id);
      return;
    }
    if (action === 'take_over') return this.takeOver(actor, conversationId);
    const before = await this.db.transaction().execute(async (trx) => {
      // The row lock keeps a close from deleting the conversation under the insert.
      const row = await this.lockLive(trx, conversationId, actor);
      if (row.assigned_to === actor.id) throw new ConversationError('conflict', 'You hold this conversation already.');
      return setStaffMode(trx, conversationId, actor.id, action);
    });
    if (before === action) return;
    // Who watched is accountable (issue #7); which conversation is not recorded: the entry outlives it.
    await this.audit.record(action === 'watch' ? 'conversation.watched' : 'conversation.joined', actor.id, { role: actor.role });
    if (action === 'join') {
      await this.bus.publish({ kind: 'staff-notice', conversationId, notice: 'supervisor_joined', name: actor.participant_name, assignedTo: await this.holder(conversationId) });
    }
    await this.bus.publish({ kind: 'queue' });
  }

  /** The assigned member (or a joined supervisor) asks every signed-in supervisor to come. */
  async requestSupervisor(actor: StaffMember, conversationId: string): Promise<Notified> {
    await this.conversations.authorize({ role: 'staff', staffId: actor.id, displayName: actor.display_name }, conversationId);
    const supervisors = await this.supervisorsBesides(actor.id);
    await this.audit.record('supervisor.requested', actor.id, { notified: supervisors.length });
    await this.bus.publish({
      kind: 'alert',
      staffIds: supervisors,
      alert: { type: 'alert', alert: 'supervisor_requested', conversationId, from: actor.display_name },
    });
    return { notified: supervisors.length };
  }

  /** After a hard conversation: supervisors hear who asks, never which conversation or what it held. */
  async requestDebrief(actor: StaffMember): Promise<Notified> {
    const supervisors = await this.supervisorsBesides(actor.id);
    await this.audit.record('debrief.requested', actor.id, { notified: supervisors.length });
    await this.bus.publish({ kind: 'alert', staffIds: supervisors, alert: { type: 'alert', alert: 'debrief_requested', from: actor.display_name } });
    return { notified: supervisors.length };
  }

  private async takeOver(actor: StaffMember, conversationId: string): Promise<void> {
    const previous = await this.db.transaction().execute(async (trx) => {
      const row = await this.lockLive(trx, conversationId, actor);
      if (row.assigned_to === actor.id) throw new ConversationError('conflict', 'You hold this conversation already.');
      await trx.updateTable('conversations').set({ assigned_to: actor.id }).where('id', '=', conversationId).execute();
      await removeStaff(trx, conversationId, actor.id);
      if (row.assigned_to) await dropNotesOf(trx, conversationId, row.assigned_to);
      return row.assigned_to;
    });
    await this.audit.record('conversation.taken_over', actor.id, { from: previous, role: actor.role });
    await announceNewHolder(this.bus, conversationId, { id: actor.id, participantName: actor.participant_name }, previous ?? actor.id);
    if (previous) {
      await this.bus.publish({ kind: 'alert', staffIds: [previous], alert: { type: 'alert', alert: 'taken_over', conversationId, from: actor.display_name } });
    }
  }

  /** An answered, live conversation this supervisor can open (they hold its epoch's program key), locked for the change. */
  private async lockLive(trx: Db, conversationId: string, actor: StaffMember) {
    if (!SUPERVISING_ROLES.has(actor.role)) throw new ConversationError('forbidden', 'Only supervisors and admins supervise conversations.');
    const row = await lockOpen(trx, conversationId);
    if (row.status !== 'active') throw new ConversationError('conflict', 'No one has answered this conversation yet: answer it instead.');
    if (!(await hasGrant(trx, actor.id, row.epoch))) {
      throw new ConversationError('forbidden', 'You do not hold the program key this conversation was opened with.');
    }
    return row;
  }

  private async holder(conversationId: string): Promise<string | null> {
    const row = await this.db.selectFrom('conversations').select('assigned_to').where('id', '=', conversationId).executeTakeFirst();
    return row?.assigned_to ?? null;
  }

  private async changed(conversationId: string, staffId: string): Promise<void> {
    await this.bus.publish({ kind: 'staff-left', conversationId, staffId });
    await this.bus.publish({ kind: 'queue' });
  }

  private async supervisorsBesides(staffId: string): Promise<string[]> {
    return (await signedInStaff(this.db, this.clock())).filter((m) => SUPERVISING_ROLES.has(m.role) && m.id !== staffId).map((m) => m.id);
  }
}
