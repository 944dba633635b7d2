import type { SetupReport } from './ipc';
import type { PhaseResult } from './phase';
import type { RampResult } from './ramp';
import { round1, round3 } from './stats';

/** What run.ts measured of one target (Lantern or the relay), besides the load phases. */
export interface TargetMeasures {
  main: PhaseResult;
  ramp: RampResult | null;
  setup: SetupReport;
  /**
   * RSS (KiB) one more connection costs, between full collections. Lantern: 2·C more idle,
   * authenticated sockets, weighed after the load. Relay: its 2·C sockets as they connect.
   */
  kbPerSocket: number;
  /** The same in V8's used heap, which no allocator slack blurs. */
  heapKbPerSocket: number;
  /** Server RSS (KiB) at the end of the main phase, and its peak. */
  rssEndKb: number;
  rssPeakKb: number;
  /** CPU (ms) of other processes doing the server's work in the main phase: PostgreSQL, Redis. */
  dbCpuMs: number | null;
  redisCpuMs: number | null;
}

export interface RunInfo {
  conversations: number;
  database: 'pglite' | 'postgres';
  redis: boolean;
  accountsSeconds: number;
  advocates: number;
  /** 1-minute load average at the start and the end of the run (the run itself adds about 1–2). */
  loadavgStart: number;
  loadavgEnd: number;
}

const mb = (kb: number) => round1(kb / 1024);
const perMsg = (ms: number | null, delivered: number) => (ms === null || delivered === 0 ? null : round3(ms / delivered));
const ratio = (a: number, b: number) => (b > 0 ? round3(a / b) : null);

/** The last line of the output: the issue's fields first, in its order, then the rest. */
export function finalJson(info: RunInfo, lantern: TargetMeasures, relay: TargetMeasures): Record<string, unknown> {
  const l = lantern.main;
  const r = relay.main;
  return {
    conversations: info.conversations,
    msgs_per_s: l.msgsPerS,
    p50_ms: l.p50Ms,
    p99_ms: l.p99Ms,
    rss_mb: mb(lantern.rssEndKb),
    relay_msgs_per_s: r.msgsPerS,
    ratio: ratio(l.msgsPerS, r.msgsPerS),
    lost: l.lost,
    duplicated: l.duplicated,
    rate: l.rate,
    seconds: l.seconds,
    database: info.database,
    redis: info.redis,
    sent: l.sent,
    max_ms: l.maxMs,
    over_50ms: l.slow.count,
    ack_p50_ms: l.ackP50Ms,
    ack_p99_ms: l.ackP99Ms,
    errors: l.errors,
    verified: l.verified,
    rss_peak_mb: mb(lantern.rssPeakKb),
    kb_per_socket: round1(lantern.kbPerSocket),
    heap_kb_per_socket: round1(lantern.heapKbPerSocket),
    cpu_ms_per_msg: perMsg(l.serverCpuMs, l.delivered),
    server_cpu_pct: round1((100 * l.serverCpuMs) / l.elapsedMs),
    db_cpu_ms_per_msg: perMsg(lantern.dbCpuMs, l.delivered),
    redis_cpu_ms_per_msg: perMsg(lantern.redisCpuMs, l.delivered),
    relay_p50_ms: r.p50Ms,
    relay_p99_ms: r.p99Ms,
    relay_max_ms: r.maxMs,
    relay_lost: r.lost,
    relay_duplicated: r.duplicated,
    relay_rss_mb: mb(relay.rssEndKb),
    relay_kb_per_socket: round1(relay.kbPerSocket),
    relay_heap_kb_per_socket: round1(relay.heapKbPerSocket),
    relay_cpu_ms_per_msg: perMsg(r.serverCpuMs, r.delivered),
    cpu_ratio: ratio(l.serverCpuMs / Math.max(1, l.delivered), r.serverCpuMs / Math.max(1, r.delivered)),
    max_rate_p99_50ms: lantern.ramp?.maxRate ?? null,
    max_rate_capped: lantern.ramp?.capped ?? null,
    relay_max_rate_p99_50ms: relay.ramp?.maxRate ?? null,
    relay_max_rate_capped: relay.ramp?.capped ?? null,
    max_rate_ratio: lantern.ramp && relay.ramp ? ratio(lantern.ramp.maxRate, relay.ramp.maxRate) : null,
    send_lag_max_ms: Math.max(l.sendLagMaxMs, r.sendLagMaxMs),
    load_cpu_pct: round1((100 * l.loadCpuMs) / l.elapsedMs),
    relay_load_cpu_pct: round1((100 * r.loadCpuMs) / r.elapsedMs),
    advocates: info.advocates,
    accounts_s: info.accountsSeconds,
    setup_s: lantern.setup.seconds,
    queue_frames_setup: lantern.setup.queueFrames,
    queue_mb_setup: round1(lantern.setup.queueBytes / 1024 / 1024),
    loadavg_start: info.loadavgStart,
    loadavg_end: info.loadavgEnd,
  };
}

/** One line per phase, for people reading along. */
export function phaseLine(label: string, p: PhaseResult): string {
  const ack = p.ackP99Ms === null ? '' : `, ack p50 ${p.ackP50Ms} p99 ${p.ackP99Ms} ms`;
  const cpu = `server CPU ${round1((100 * p.serverCpuMs) / p.elapsedMs)}% (${perMsg(p.serverCpuMs, p.delivered)} ms/msg), load CPU ${round1((100 * p.loadCpuMs) / p.elapsedMs)}%`;
  const slow = p.slow.count ? `; ${p.slow.count} over 50 ms, sent ${p.slow.firstS}–${p.slow.lastS} s in` : '';
  const problems = p.lost || p.duplicated || p.errors ? `, LOST ${p.lost}, DUPLICATED ${p.duplicated}, ERRORS ${p.errors} ${p.errorSamples.join(' ')}` : '';
  return `${label}: offered ${p.rate}/s for ${p.seconds} s, delivered ${p.delivered}/${p.sent} at ${p.msgsPerS}/s, latency p50 ${p.p50Ms} p99 ${p.p99Ms} max ${p.maxMs} ms${ack}; ${cpu}; send lag max ${p.sendLagMaxMs} ms${slow}${problems}`;
}

export function rampLine(label: string, ramp: RampResult): string {
  const steps = ramp.steps.map((s) => `${s.rate}/s→p99 ${s.p99Ms} ms${s.lost ? ` lost ${s.lost}` : ''}${s.passed ? ' ✓' : ' ✗'}`).join(', ');
  return `${label} max rate at p99 ≤ 50 ms: ${ramp.capped ? '≥ ' : ''}${ramp.maxRate}/s  [${steps}]`;
}
