import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../store/db';

/**
 * How many days a closed conversation's ciphertext is kept before the purge (0: deleted at
 * close). An admin sets it on the Program screen; until then it is the RETENTION_DAYS setting.
 * Read at every close, so a change applies to the next conversation that ends, on every node.
 */
export class Retention {
  constructor(
    private readonly db: Db,
    /** RETENTION_DAYS: the value until an admin chooses one. */
    private readonly defaultDays: number,
    private readonly audit: AuditLog,
  ) {}

  /** The days to keep, and whether an admin chose them. */
  async current(): Promise<{ days: number; chosen: boolean }> {
    const row = await this.db.selectFrom('program').select('retention_days').where('id', '=', 1).executeTakeFirst();
    const chosen = row?.retention_days ?? null;
    return chosen === null ? { days: this.defaultDays, chosen: false } : { days: chosen, chosen: true };
  }

  /** A getter for the conversation service and the sweeper. */
  readonly days = async (): Promise<number> => (await this.current()).days;

  async set(days: number, actorId: string): Promise<{ days: number; chosen: boolean }> {
    const before = await this.current();
    await this.db.updateTable('program').set({ retention_days: days }).where('id', '=', 1).execute();
    // Conversations closed before the change keep the purge date they were given.
    await this.audit.record('retention.changed', actorId, { days, previous: before.days });
    return { days, chosen: true };
  }
}
