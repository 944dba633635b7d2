import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { closeSilent } from '../conversations/close';
import { purgeRetained, vacuumConversationTables, warnSilent } from '../conversations/sweeps';
import { secondsSince, sweepSeconds } from '../metrics/instruments';

const BATCH = 200;
const MINUTE_MS = 60_000;
/** How often at most the hygiene vacuum runs after closes or purges (conversations/sweeps.ts). */
const VACUUM_EVERY_MS = 10 * MINUTE_MS;

export interface SweepSettings {
  /** Read at each sweep: an admin may change it on the Program screen. */
  retentionDays: () => Promise<number>;
  inactivity: { warnAfterMinutes: number; closeAfterMinutes: number };
}

export interface SweepResult {
  warned: string[];
  closed: string[];
  purged: string[];
  /** Waiting conversations routing handed out on this sweep (a safety net: routing also follows every queue change). */
  routed: string[];
  /** The hygiene vacuum ran on this sweep. */
  vacuumed: boolean;
}

/**
 * The timers of every conversation, as rows any node may sweep: the inactivity warning, the
 * close that follows it, the purge of ciphertext kept past close, and queue routing as a safety net
 * (it also follows every queue change). Safe to run on every node
 * at once; `run(now)` takes the clock as an argument so tests can move time.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();
  /** When the hygiene vacuum last ran. */
  private vacuumedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly settings: SweepSettings,
    private readonly log: FastifyBaseLogger,
    private readonly clock: () => Date = () => new Date(),
    private readonly routing?: { route(now: Date): Promise<Array<{ conversationId: string }>> },
  ) {}

  /** `performance.now()` when a sweep last finished on this node: the metrics show its age (sweeper lag). */
  lastFinished: number | null = null;

  async run(now = this.clock()): Promise<SweepResult> {
    const started = performance.now();
    const { warnAfterMinutes, closeAfterMinutes } = this.settings.inactivity;
    const warned = await warnSilent(this.db, new Date(now.getTime() - warnAfterMinutes * MINUTE_MS), now, BATCH);
    const closesAt = new Date(now.getTime() + closeAfterMinutes * MINUTE_MS).toISOString();
    for (const row of warned) {
      await this.bus.publish({ kind: 'notice', conversationId: row.id, notice: 'inactivity_warning', closesAt, assignedTo: row.assigned_to });
    }
    const closed = await closeSilent(this.db, new Date(now.getTime() - closeAfterMinutes * MINUTE_MS), now, await this.settings.retentionDays(), BATCH);
    for (const row of closed) {
      await this.bus.publish({ kind: 'closed', conversationId: row.id, by: 'system', assignedTo: row.assigned_to });
    }
    if (closed.length > 0) await this.bus.publish({ kind: 'queue' });
    const purged = await purgeRetained(this.db, now, BATCH);
    const routed = this.routing ? (await this.routing.route(now)).map((a) => a.conversationId) : [];
    // Closes happen on any node and path; a sweep now and then visits every table they touch.
    const vacuumed = now.getTime() - this.vacuumedAt >= VACUUM_EVERY_MS;
    if (vacuumed) {
      await vacuumConversationTables(this.db);
      this.vacuumedAt = now.getTime();
    }
    sweepSeconds.observe(secondsSince(started));
    this.lastFinished = performance.now();
    return { warned: warned.map((row) => row.id), closed: closed.map((row) => row.id), purged, routed, vacuumed };
  }

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.running = this.run().catch((error: Error) => this.log.error({ err: { message: error.message } }, 'sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
