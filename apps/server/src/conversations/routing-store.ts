import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../store/db';
import type { ConversationRow, Database } from '../store/schema';

/*
 * Routing's rows. Lock order, everywhere: staff rows first, then conversation rows. Routing on
 * any number of nodes at once queues on the staff locks (so each run counts what the run before
 * committed) and takes waiting conversations with SKIP LOCKED (so a claim in flight is left alone).
 */

export interface RoutingSettingsRow {
  conversationCap: number;
  shiftEndMarginMinutes: number;
}

export async function routingSettings(db: Db): Promise<RoutingSettingsRow> {
  const row = await db.selectFrom('program').select(['conversation_cap', 'shift_end_margin_minutes']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { conversationCap: row.conversation_cap, shiftEndMarginMinutes: row.shift_end_margin_minutes };
}

export async function setRoutingSettings(db: Db, settings: RoutingSettingsRow): Promise<void> {
  await db
    .updateTable('program')
    .set({ conversation_cap: settings.conversationCap, shift_end_margin_minutes: settings.shiftEndMarginMinutes })
    .where('id', '=', 1)
    .execute();
}

/** Available means: set so by a session of this member that is still live. */
export async function setAvailableSession(db: Db, staffId: string, sessionHash: string | null): Promise<void> {
  await db.updateTable('staff').set({ available_session: sessionHash }).where('id', '=', staffId).execute();
}

/** Makes away whoever was available through this session; returns who that was. */
export async function clearAvailabilityOfSession(db: Db, sessionHash: string): Promise<string | null> {
  const row = await db.updateTable('staff').set({ available_session: null }).where('available_session', '=', sessionHash).returning('id').executeTakeFirst();
  return row?.id ?? null;
}

export async function setShiftEnd(db: Db, staffId: string, shiftEndsAt: Date | null): Promise<void> {
  await db.updateTable('staff').set({ shift_ends_at: shiftEndsAt }).where('id', '=', staffId).execute();
}

export async function routingStateOf(db: Db, staffId: string, now: Date) {
  const row = await db
    .selectFrom('staff')
    .select(['role', 'shift_ends_at'])
    .select((eb) => liveAvailability(eb, now).as('available'))
    .select((eb) =>
      eb
        .selectFrom('conversations')
        .select((c) => c.fn.countAll<string>().as('n'))
        .whereRef('conversations.assigned_to', '=', 'staff.id')
        .where('conversations.status', '=', 'active')
        .as('active'),
    )
    .where('id', '=', staffId)
    .executeTakeFirstOrThrow();
  return { role: row.role, shiftEndsAt: row.shift_ends_at, available: Boolean(row.available), active: Number(row.active ?? 0) };
}

/** True when the session that set this member available is still live. */
function liveAvailability(eb: ExpressionBuilder<Database, 'staff'>, now: Date) {
  return eb.exists(
    eb
      .selectFrom('staff_sessions')
      .select('staff_sessions.token_hash')
      .whereRef('staff_sessions.token_hash', '=', 'staff.available_session')
      .whereRef('staff_sessions.staff_id', '=', 'staff.id')
      .where('staff_sessions.expires_at', '>', now),
  );
}

export interface RoutingCandidate {
  id: string;
  /** The name the participant is told (never the display name). */
  participantName: string;
  active: number;
  lastAssignedAt: Date | null;
  /** The program key epochs this member holds: a conversation goes only to someone who can open it. */
  epochs: Set<number>;
}

export type WaitingConversation = Pick<ConversationRow, 'id' | 'epoch' | 'channel'>;

export interface Assignment {
  conversationId: string;
  staffId: string;
  participantName: string;
  channel: ConversationRow['channel'];
}

export type Planner = (waiting: WaitingConversation[], candidates: RoutingCandidate[], cap: number) => Assignment[];

/**
 * One routing run in one transaction: locks the advocates routing may hand conversations to
 * (available through a live session, outside their shift-end window), takes up to `limit` of the
 * oldest waiting conversations with SKIP LOCKED, lets `plan` choose, and writes the assignments.
 */
export function assignWaiting(db: Db, now: Date, limit: number, plan: Planner): Promise<Assignment[]> {
  return db.transaction().execute(async (trx) => {
    const { conversationCap, shiftEndMarginMinutes } = await routingSettings(trx);
    const lastStart = new Date(now.getTime() + shiftEndMarginMinutes * 60_000);
    const staff = await trx
      .selectFrom('staff')
      .select(['id', 'participant_name', 'last_assigned_at'])
      .where('role', '=', 'advocate')
      .where('active', '=', true)
      .where((eb) => liveAvailability(eb, now))
      .where((eb) => eb.or([eb('shift_ends_at', 'is', null), eb('shift_ends_at', '>', lastStart)]))
      .orderBy('id')
      .forUpdate()
      .execute();
    if (staff.length === 0) return [];
    const waiting = await trx
      .selectFrom('conversations')
      .select(['id', 'epoch', 'channel'])
      .where('status', '=', 'waiting')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (waiting.length === 0) return [];
    const ids = staff.map((s) => s.id);
    const counts = await activeCounts(trx, ids);
    const grants = await trx.selectFrom('key_grants').select(['staff_id', 'epoch']).where('staff_id', 'in', ids).execute();
    const candidates = staff.map((s) => ({
      id: s.id,
      participantName: s.participant_name,
      active: counts.get(s.id) ?? 0,
      lastAssignedAt: s.last_assigned_at,
      epochs: new Set(grants.filter((g) => g.staff_id === s.id).map((g) => g.epoch)),
    }));
    const assignments = plan(waiting, candidates, conversationCap);
    for (const a of assignments) {
      await trx
        .updateTable('conversations')
        // The silence clock starts when someone is there to hear it (as for a claim).
        .set({ status: 'active', assigned_to: a.staffId, answered_at: now, participant_active_at: now })
        .where('id', '=', a.conversationId)
        .where('status', '=', 'waiting')
        .execute();
    }
    const assigned = [...new Set(assignments.map((a) => a.staffId))];
    if (assigned.length > 0) await trx.updateTable('staff').set({ last_assigned_at: now }).where('id', 'in', assigned).execute();
    return assignments;
  });
}

async function activeCounts(db: Db, staffIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('conversations')
    .select(['assigned_to', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', '=', 'active')
    .where('assigned_to', 'in', staffIds)
    .groupBy('assigned_to')
    .execute();
  return new Map(rows.map((row) => [row.assigned_to!, Number(row.n)]));
}

export type ClaimResult = { ok: true; row: ConversationRow } | { ok: false; reason: 'taken' } | { ok: false; reason: 'over_cap'; cap: number };

/**
 * A member answers a waiting conversation; exactly one claimer wins, whatever node it is on. An
 * advocate already holding the program's cap is refused: the staff row is locked first, so two
 * claims of theirs at once cannot both slip under it.
 */
export function claimWithinCap(db: Db, conversationId: string, staffId: string, now: Date): Promise<ClaimResult> {
  return db.transaction().execute(async (trx): Promise<ClaimResult> => {
    const member = await trx.selectFrom('staff').select('role').where('id', '=', staffId).forUpdate().executeTakeFirstOrThrow();
    if (member.role === 'advocate') {
      const { conversationCap } = await routingSettings(trx);
      const active = (await activeCounts(trx, [staffId])).get(staffId) ?? 0;
      if (active >= conversationCap) return { ok: false, reason: 'over_cap', cap: conversationCap };
    }
    const row = await trx
      .updateTable('conversations')
      .set({ status: 'active', assigned_to: staffId, answered_at: now, participant_active_at: now })
      .where('id', '=', conversationId)
      .where('status', '=', 'waiting')
      .returningAll()
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'taken' };
    await trx.updateTable('staff').set({ last_assigned_at: now }).where('id', '=', staffId).execute();
    return { ok: true, row };
  });
}
