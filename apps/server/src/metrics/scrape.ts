import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../store/db';
import type { Gateway } from '../realtime/gateway';
import type { Sweeper } from '../jobs/sweeper';
import { registry as instruments } from './instruments';

export interface ScrapeSources {
  db: Db;
  gateway: Pick<Gateway, 'socketsByRole'>;
  sweeper: Pick<Sweeper, 'lastFinished'>;
}

const CHANNELS = ['web', 'sms'] as const;
const OPEN_STATUSES = ['waiting', 'active'] as const;

let processMetrics: Registry | null = null;

/** Process metrics (CPU, memory, event loop, GC), once per process; the version label is left out (a number). */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
    processMetrics.removeSingleMetric('nodejs_version_info');
  }
  return processMetrics;
}

/**
 * What one scrape reads: the process's instruments, process metrics, and gauges read at scrape time
 * from the database (counts across all nodes) and this node's sockets and sweeper.
 */
export function scrapeRegistry(sources: ScrapeSources): Registry {
  const gauges = new Registry();
  new Gauge({
    name: 'lantern_conversations',
    help: 'Open conversations (all nodes) by channel and status; status="waiting" is the queue',
    labelNames: ['channel', 'status'] as const,
    registers: [gauges],
    async collect() {
      const rows = await sources.db
        .selectFrom('conversations')
        .select(['channel', 'status', sources.db.fn.countAll<number>().as('count')])
        .where('status', 'in', [...OPEN_STATUSES])
        .groupBy(['channel', 'status'])
        .execute();
      for (const channel of CHANNELS) {
        for (const status of OPEN_STATUSES) {
          this.set({ channel, status }, Number(rows.find((r) => r.channel === channel && r.status === status)?.count ?? 0));
        }
      }
    },
  });
  new Gauge({
    name: 'lantern_queue_oldest_seconds',
    help: 'Age of the longest-waiting conversation (all nodes); 0 when none waits',
    registers: [gauges],
    async collect() {
      const row = await sources.db.selectFrom('conversations').select((eb) => eb.fn.min('created_at').as('oldest')).where('status', '=', 'waiting').executeTakeFirst();
      const oldest = row?.oldest ? new Date(row.oldest as Date | string).getTime() : null;
      this.set(oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
    },
  });
  new Gauge({
    name: 'lantern_sockets',
    help: 'Open WebSockets on this node by role',
    labelNames: ['role'] as const,
    registers: [gauges],
    collect() {
      for (const [role, count] of Object.entries(sources.gateway.socketsByRole())) this.set({ role }, count);
    },
  });
  new Gauge({
    name: 'lantern_sweep_age_seconds',
    help: 'Seconds since this node last finished a sweep (sweeper lag); absent before the first',
    registers: [gauges],
    collect() {
      const last = sources.sweeper.lastFinished;
      if (last === null) this.reset();
      else this.set((performance.now() - last) / 1000);
    },
  });
  return Registry.merge([instruments, processRegistry(), gauges]);
}
