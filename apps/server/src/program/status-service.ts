import type { SetStatus } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Alternative } from '../config';
import type { Db } from '../store/db';
import type { Hours } from '@lantern/protocol/hours-rule';
import { publicStatus, type PublicStatus, type StatusSettings } from './status';

/** The status switch and the hours, stored in the program row and announced on the bus to every node. */
export class ProgramStatus {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    /** Until an admin sets them, the alternatives come from the ALTERNATIVES setting. */
    private readonly defaultAlternatives: Alternative[],
    private readonly clock: () => Date,
    private readonly audit: AuditLog,
  ) {}

  async settings(): Promise<StatusSettings> {
    const row = await this.db
      .selectFrom('program')
      .select(['status_override', 'status_message', 'alternatives', 'no_other_way', 'hours'])
      .where('id', '=', 1)
      .executeTakeFirst();
    return {
      override: row?.status_override ?? 'none',
      message: row?.status_message ?? null,
      alternatives: row?.alternatives ?? this.defaultAlternatives,
      noOtherWay: row?.no_other_way ?? null,
      hours: row?.hours ?? null,
    };
  }

  async current(): Promise<PublicStatus> {
    return publicStatus(await this.settings(), this.clock());
  }

  async set(change: SetStatus, actorId: string): Promise<PublicStatus> {
    await this.db
      .updateTable('program')
      .set({
        status_override: change.override,
        ...(change.message !== undefined ? { status_message: change.message } : {}),
        ...(change.alternatives !== undefined ? { alternatives: JSON.stringify(change.alternatives) } : {}),
        ...(change.noOtherWay !== undefined ? { no_other_way: change.noOtherWay?.trim() || null } : {}),
      })
      .where('id', '=', 1)
      .execute();
    await this.audit.record('status.changed', actorId, { ...change });
    return this.announce();
  }

  async setHours(hours: Hours | null, actorId: string): Promise<PublicStatus> {
    await this.db.updateTable('program').set({ hours: hours === null ? null : JSON.stringify(hours) }).where('id', '=', 1).execute();
    await this.audit.record('hours.changed', actorId, { hours });
    return this.announce();
  }

  private async announce(): Promise<PublicStatus> {
    const status = await this.current();
    await this.bus.publish({ kind: 'status', status });
    return status;
  }
}
