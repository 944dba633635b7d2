import { createHash } from 'node:crypto';
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
  | 'status.changed'
  | 'hours.changed'
  | 'notices.changed'
  | 'code_word.issued'
  | 'code_word.verified'
  | 'canned.changed'
  | 'retention.changed'
  | 'statistics.exported';

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
    await this.db.transaction().execute(async (trx) => {
      // The program row is the chain's lock: appends from every node take turns.
      await trx.selectFrom('program').select('id').where('id', '=', 1).forUpdate().execute();
      const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? GENESIS;
      // Millisecond precision survives both databases' timestamptz.
      const at = new Date(Math.floor(this.clock().getTime()));
      await trx
        .insertInto('audit_log')
        .values({ seq, at, actor_id: actorId, action, detail: JSON.stringify(detail), prev_hash: prevHash, hash: entryHash(prevHash, seq, at, actorId, action, detail) })
        .execute();
    });
  }

  async entries(limit = 500): Promise<AuditEntry[]> {
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
