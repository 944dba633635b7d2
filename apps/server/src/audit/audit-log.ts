import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../store/db';

/** What staff did that an admin may need to account for. No content, no participant identifier. */
export type AuditAction =
  | 'program.setup'
  | 'staff.sign_in'
  | 'staff.sign_in_failed'
  | 'staff.sign_out'
  | 'staff.locked'
  | 'staff.password_changed'
  | 'staff.password_change_failed'
  | 'staff.participant_name_changed'
  | 'staff.two_factor_enrolled'
  | 'staff.invited'
  | 'staff.invite_revoked'
  | 'staff.joined'
  | 'key.granted'
  | 'key.rotated'
  | 'staff.deactivated'
  | 'conversation.answered'
  | 'interpreter.invited'
  | 'interpreter.joined'
  | 'conversation.transferred'
  | 'conversation.watched'
  | 'conversation.joined'
  | 'conversation.taken_over'
  | 'supervisor.requested'
  | 'debrief.requested'
  | 'conversation.assigned'
  | 'staff.availability'
  | 'staff.shift_end'
  | 'routing.changed'
  | 'sms.number_revealed'
  | 'sms.outbound_started'
  | 'sms.outbound_refused'
  | 'status.changed'
  | 'hours.changed'
  | 'notices.changed'
  | 'code_word.issued'
  | 'code_word.verified'
  | 'canned.changed'
  | 'retention.changed'
  | 'statistics.exported';

/**
 * Events inside a conversation: with carrier or network records, their exact times would link a
 * person to an advocate and a minute. They are counted per member and hour and enter the chain as
 * one row per hour, dated to the hour's start, once the hour is over. Account and settings
 * events keep their exact time.
 */
export const HOURLY_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'conversation.answered',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.watched',
  'conversation.joined',
  'conversation.taken_over',
  'supervisor.requested',
  'debrief.requested',
  'interpreter.invited',
  'interpreter.joined',
  'sms.number_revealed',
  'sms.outbound_started',
  'sms.outbound_refused',
  'code_word.issued',
  'code_word.verified',
]);

const HOUR_MS = 3_600_000;
const startOfHour = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  action: string;
  detail: Record<string, unknown>;
  hash: string;
}

export type Verification = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

const GENESIS = '0'.repeat(64);

/** Keys sorted at every level, so the same detail always hashes the same whatever order it was built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function entryHash(prevHash: string, seq: number, at: Date, actorId: string | null, action: string, detail: Record<string, unknown>): string {
  return createHash('sha256')
    .update([prevHash, seq, at.toISOString(), actorId ?? '', action, canonical(detail)].join('\n'))
    .digest('hex');
}

/**
 * Append-only and hash-chained: each entry's hash covers the previous one, so changing, removing
 * or reordering any row breaks every hash after it, and `verify` names the first broken row.
 */
export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(action: AuditAction, actorId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    if (HOURLY_ACTIONS.has(action)) return this.countHourly(action, actorId, detail);
    await this.inChain(async (trx, now) => this.append(trx, now, actorId, action, detail));
  }

  /** One more of this event in the current hour; the chain gets the hour's count once it is over. */
  async countHourly(action: AuditAction, actorId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    await this.db
      .insertInto('audit_hourly')
      .values({ hour: startOfHour(this.clock()), actor_key: actorId ?? '', action, detail: canonical(detail), count: 1 })
      .onConflict((oc) => oc.columns(['hour', 'actor_key', 'action', 'detail']).doUpdateSet({ count: sql`audit_hourly.count + 1` }))
      .execute();
  }

  /** Folds the counts of hours that are over into the chain. */
  async foldPastHours(): Promise<void> {
    await this.inChain(async () => {});
  }

  /** A turn at the end of the chain, after the counts of past hours. */
  private async inChain(write: (trx: Db, now: Date) => Promise<void>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // The program row is the chain's lock: appends from every node take turns.
      await trx.selectFrom('program').select('id').where('id', '=', 1).forUpdate().execute();
      const now = this.clock();
      const past = await trx
        .selectFrom('audit_hourly')
        .selectAll()
        .where('hour', '<', startOfHour(now))
        .orderBy('hour')
        .orderBy('action')
        .orderBy('actor_key')
        .orderBy('detail')
        .execute();
      for (const row of past) {
        const detail = { ...(JSON.parse(row.detail) as Record<string, unknown>), count: row.count, perHour: true };
        await this.append(trx, row.hour, row.actor_key || null, row.action, detail);
      }
      if (past.length > 0) await trx.deleteFrom('audit_hourly').where('hour', '<', startOfHour(now)).execute();
      await write(trx, now);
    });
  }

  private async append(trx: Db, when: Date, actorId: string | null, action: string, detail: Record<string, unknown>): Promise<void> {
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS;
    // Millisecond precision survives both databases' timestamptz.
    const at = new Date(Math.floor(when.getTime()));
    await trx
      .insertInto('audit_log')
      .values({ seq, at, actor_id: actorId, action, detail: JSON.stringify(detail), prev_hash: prevHash, hash: entryHash(prevHash, seq, at, actorId, action, detail) })
      .execute();
  }

  async entries(limit = 500): Promise<AuditEntry[]> {
    await this.foldPastHours();
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit).execute();
    return rows.map((row) => ({ seq: row.seq, at: row.at.toISOString(), actorId: row.actor_id, action: row.action, detail: row.detail, hash: row.hash }));
  }

  async verify(): Promise<Verification> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prevHash = GENESIS;
    for (const [index, row] of rows.entries()) {
      if (row.seq !== index + 1) return { ok: false, entries: rows.length, brokenAt: row.seq, reason: `entry ${index + 1} is missing` };
      if (row.prev_hash !== prevHash) return { ok: false, entries: rows.length, brokenAt: row.seq, reason: 'does not follow the entry before it' };
      if (entryHash(prevHash, row.seq, row.at, row.actor_id, row.action, row.detail) !== row.hash) {
        return { ok: false, entries: rows.length, brokenAt: row.seq, reason: 'its contents were changed' };
      }
      prevHash = row.hash;
    }
    return { ok: true, entries: rows.length };
  }
}
