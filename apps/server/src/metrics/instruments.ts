import { Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's metric instruments, one set per process as Prometheus expects. Labels take only
 * values from closed sets written here (channel, role, outcome, provider name): never an id, a
 * number or text from a request (test: metrics.test.ts). Off the scrape path nothing reads them.
 */
export const registry = new Registry();

export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export const SWEEP_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];

export const messagesAcked = new Counter({
  name: 'lantern_messages_total',
  help: 'Messages stored and acknowledged on this node, by who sent them',
  labelNames: ['sender'] as const,
  registers: [registry],
});

export const ackSeconds = new Histogram({
  name: 'lantern_ack_seconds',
  help: 'From a send frame read to its ack written: validation, the transaction, the reply',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const databaseSeconds = new Histogram({
  name: 'lantern_database_query_seconds',
  help: 'Round trip of one database statement',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const redisPublishSeconds = new Histogram({
  name: 'lantern_redis_publish_seconds',
  help: 'Round trip of one publish to Redis (fan-out between nodes)',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const sweepSeconds = new Histogram({
  name: 'lantern_sweep_seconds',
  help: 'Duration of one sweep (inactivity warnings and closes, retention purge, routing)',
  buckets: SWEEP_BUCKETS,
  registers: [registry],
});

export const smsSent = new Counter({
  name: 'lantern_sms_sent_total',
  help: 'Texts handed to the SMS provider, by provider and whether it took them',
  labelNames: ['provider', 'outcome'] as const,
  registers: [registry],
});

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
