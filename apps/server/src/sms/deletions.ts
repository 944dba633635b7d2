import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../store/db';
import * as store from './store';
import { ProviderError, type ProviderName, type SmsProvider } from './providers/types';
import { remoteMessageContext, type Vault } from './vault';

const BATCH = 20;
/** A claimed row is someone's for this long; a node that dies mid-call leaves it to another after that. */
const LEASE_SECONDS = 120;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;

/** 30 s, 1 min, 2 min … capped at 6 h: a provider outage is ridden out without hammering it. */
export const retryDelay = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);

/**
 * Asks providers to delete their copies of the messages of closed conversations. Any node may
 * run it at any time: rows are claimed with FOR UPDATE SKIP LOCKED under a lease, a success
 * deletes the row, a failure sets the next try and the error code admins see.
 */
export class DeletionSweeper {
  constructor(
    private readonly db: Db,
    private readonly providers: Map<ProviderName, SmsProvider>,
    private readonly vault: Vault,
    private readonly log: FastifyBaseLogger,
  ) {}

  async sweep(): Promise<void> {
    for (;;) {
      const rows = await store.claimDueDeletions(this.db, BATCH, LEASE_SECONDS);
      if (rows.length === 0) return;
      await Promise.all(rows.map((row) => this.deleteOne(row)));
      if (rows.length < BATCH) return;
    }
  }

  private async deleteOne(row: Awaited<ReturnType<typeof store.claimDueDeletions>>[number]): Promise<void> {
    const provider = this.providers.get(row.provider);
    try {
      if (!provider?.deleteMessage) throw new ProviderError(`${row.provider}-not-configured`, true);
      await provider.deleteMessage(this.vault.open(row.message_id_sealed, remoteMessageContext(row.id)), row.direction);
      await store.deleteRemoteMessage(this.db, row.id);
    } catch (error) {
      const code = error instanceof ProviderError ? error.code : 'error';
      await store.rescheduleRemoteMessage(this.db, row.id, new Date(Date.now() + retryDelay(row.attempts)), code);
      this.log.warn({ provider: row.provider, attempts: row.attempts, code }, 'sms deletion failed; will retry');
    }
  }
}
