import type { Db } from '../../src/store/db';

/** The conversation events of the current hour, as counted before they enter the chain (audit/audit-log.ts). */
export async function hourlyEvents(db: Db) {
  const rows = await db.selectFrom('audit_hourly').selectAll().orderBy('hour').orderBy('action').orderBy('actor_key').orderBy('detail').execute();
  return rows.map((r) => ({ action: r.action, actorId: r.actor_key || null, detail: JSON.parse(r.detail) as Record<string, unknown>, count: r.count }));
}
