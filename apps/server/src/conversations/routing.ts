import type { FastifyBaseLogger } from 'fastify';
import type { RoutingSelf, RoutingSettings } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import * as store from './routing-store';
import type { Assignment, RoutingCandidate, WaitingConversation } from './routing-store';

/** Waiting conversations taken per routing transaction; a full batch is followed by another. */
const BATCH = 100;
/** How far ahead a shift end may be set: "today's" end, possibly past midnight. */
const MAX_SHIFT_AHEAD_MS = 24 * 3_600_000;

/**
 * Round-robin: each waiting conversation, oldest first, goes to the candidate with the fewest
 * active conversations, ties to whoever was handed one longest ago (never before first), then
 * by id so every node would choose alike. Nobody passes the cap; a conversation goes only to
 * someone holding its program key epoch.
 */
export function planAssignments(waiting: WaitingConversation[], candidates: RoutingCandidate[], cap: number): Assignment[] {
  const pool = candidates.map((c) => ({ ...c, rank: c.lastAssignedAt?.getTime() ?? Number.NEGATIVE_INFINITY }));
  // Handed out in this run: later than any stored time, in the order they were handed.
  let next = Math.max(0, ...pool.map((c) => (Number.isFinite(c.rank) ? c.rank : 0))) + 1;
  const assignments: Assignment[] = [];
  for (const conversation of waiting) {
    let best: (typeof pool)[number] | undefined;
    for (const c of pool) {
      if (c.active >= cap || !c.epochs.has(conversation.epoch)) continue;
      if (!best || c.active < best.active || (c.active === best.active && (c.rank < best.rank || (c.rank === best.rank && c.id < best.id)))) best = c;
    }
    if (!best) continue;
    best.active++;
    best.rank = next++;
    assignments.push({ conversationId: conversation.id, staffId: best.id, participantName: best.participantName, channel: conversation.channel });
  }
  return assignments;
}

export class RoutingError extends Error {}

/**
 * Queue routing: who is available, until when, and handing waiting conversations (web and SMS
 * alike) to available advocates. Any node may route at any moment: the store's transaction and
 * its locks make each conversation go to one advocate, once. A run follows every queue change
 * on every node (a start, a close, a requeue, a transfer), availability changes, and the sweeper.
 */
export class Routing {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly log: FastifyBaseLogger,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.unsubscribe = bus.subscribe((event) => {
      if (event.kind === 'queue') this.schedule();
    });
  }

  /** Routes soon; at most one run at a time here and one more pending, however many changes come. */
  schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.route())
      .then(() => undefined)
      .catch((error: Error) => this.log.error({ err: { message: error.message } }, 'routing failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /** Hands out what it can now, then tells the participants and the staff. */
  async route(now = this.clock()): Promise<Assignment[]> {
    const all: Assignment[] = [];
    for (;;) {
      const batch = await store.assignWaiting(this.db, now, BATCH, planAssignments);
      all.push(...batch);
      for (const a of batch) {
        // Which conversation stays out of the log, as for a claim.
        await this.audit.record('conversation.assigned', null, { to: a.staffId, channel: a.channel });
        await this.bus.publish({ kind: 'conversation', conversationId: a.conversationId, status: 'active', staffName: a.participantName });
      }
      if (batch.length < BATCH) break;
    }
    if (all.length > 0) await this.bus.publish({ kind: 'queue' });
    return all;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    await this.running;
  }

  async self(staffId: string): Promise<RoutingSelf> {
    const [state, settings] = await Promise.all([store.routingStateOf(this.db, staffId, this.clock()), store.routingSettings(this.db)]);
    return {
      available: state.available,
      shiftEndsAt: state.shiftEndsAt?.toISOString() ?? null,
      active: state.active,
      routed: state.role === 'advocate',
      settings,
    };
  }

  /** Available through this session: signing out, or the session ending, makes the member away again. */
  async setAvailable(staffId: string, sessionHash: string, available: boolean): Promise<RoutingSelf> {
    await store.setAvailableSession(this.db, staffId, available ? sessionHash : null);
    await this.audit.record('staff.availability', staffId, { available });
    if (available) this.schedule();
    return this.self(staffId);
  }

  /**
   * The last console socket of a session has gone (tab closed, browser crashed: the heartbeat ends it
   * within a minute): whoever was available through it is away, so no one is routed to an empty desk.
   * A console that comes back says again that it is available.
   */
  async consoleClosed(sessionHash: string): Promise<void> {
    if (this.stopped) return;
    const staffId = await store.clearAvailabilityOfSession(this.db, sessionHash);
    if (staffId) await this.audit.record('staff.availability', staffId, { available: false, reason: 'console closed' });
  }

  async setShiftEnd(staffId: string, shiftEndsAt: Date | null): Promise<RoutingSelf> {
    if (shiftEndsAt) {
      const ahead = shiftEndsAt.getTime() - this.clock().getTime();
      if (Number.isNaN(ahead) || ahead <= 0 || ahead > MAX_SHIFT_AHEAD_MS) {
        throw new RoutingError('The end of the shift must be within the next 24 hours.');
      }
    }
    await store.setShiftEnd(this.db, staffId, shiftEndsAt);
    await this.audit.record('staff.shift_end', staffId, { shiftEndsAt: shiftEndsAt?.toISOString() ?? null });
    this.schedule();
    return this.self(staffId);
  }

  async setSettings(settings: RoutingSettings, adminId: string): Promise<RoutingSettings> {
    await store.setRoutingSettings(this.db, settings);
    await this.audit.record('routing.changed', adminId, { ...settings });
    this.schedule();
    return store.routingSettings(this.db);
  }
}
