import type { ConversationSummary } from '@lantern/protocol';
import type { Db } from '../store/db';
import { staffOf } from './conversation-staff';
import type { ConversationRow } from '../store/schema';

type ToSummary = (row: ConversationRow, assignedName: string | null) => ConversationSummary;

/**
 * Adds supervision to queues already made: supervisors and admins see every answered conversation
 * (to watch, join or take over), and every listed conversation says who watches or joined it, so
 * the advocate knows who else reads along.
 */
export async function addSupervision(db: Db, staffIds: string[], queues: Map<string, ConversationSummary[]>, toSummary: ToSummary): Promise<void> {
  if (staffIds.length === 0) return;
  const supervisors = await db.selectFrom('staff').select('id').where('id', 'in', staffIds).where('role', 'in', ['supervisor', 'admin']).execute();
  if (supervisors.length > 0) {
    const live = await db
      .selectFrom('conversations')
      .leftJoin('staff', 'staff.id', 'conversations.assigned_to')
      .selectAll('conversations')
      .select('staff.display_name as assigned_name')
      .where('conversations.status', '=', 'active')
      .orderBy('conversations.created_at')
      .execute();
    for (const { id } of supervisors) {
      const queue = queues.get(id);
      if (!queue) continue;
      const listed = new Set(queue.map((c) => c.id));
      for (const row of live) if (!listed.has(row.id)) queue.push(toSummary(row, row.assigned_name));
    }
  }
  const active = new Set<string>();
  for (const queue of queues.values()) for (const c of queue) if (c.status === 'active') active.add(c.id);
  const taking = await staffOf(db, [...active]);
  if (taking.length === 0) return;
  for (const queue of queues.values()) {
    for (const [index, c] of queue.entries()) {
      const staff = taking.filter((s) => s.conversation_id === c.id).map((s) => ({ id: s.staff_id, displayName: s.display_name, mode: s.mode }));
      if (staff.length > 0) queue[index] = { ...c, staff };
    }
  }
}
