import { decryptMessage } from '@lantern/crypto';
import type { PlannedMessage } from './messages';
import type { Endpoint, Pair } from './pairs';
import { cpuMs } from './proc';
import { frameType } from './socket';
import { percentile, round1, round3 } from './stats';

/** When a phase stops waiting for its last deliveries. */
export interface DrainLimits {
  /** Give up waiting for the last deliveries this long after the last send. */
  maxMs: number;
  /** …or when nothing has arrived for this long. */
  stallMs: number;
}

export interface PhaseResult {
  target: 'lantern' | 'relay';
  rate: number;
  seconds: number;
  sent: number;
  /** Messages that reached the other side's socket at least once. */
  delivered: number;
  lost: number;
  /** Extra copies of a message on the receiving socket. */
  duplicated: number;
  /** Delivered messages per second, from the first send to the last delivery. */
  msgsPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Lantern: send to `ack` (the commit), which the sender sees. */
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  errors: number;
  errorSamples: string[];
  /** How late the load loop sent its latest message against the schedule (it must stay small). */
  sendLagMaxMs: number;
  serverCpuMs: number;
  loadCpuMs: number;
  elapsedMs: number;
  /**
   * Deliveries slower than the 50 ms bound, and when (seconds into the phase) the first and last
   * of them were sent: a short span means one stall (a GC, a heartbeat burst), not a slow path.
   */
  slow: { count: number; firstS: number | null; lastS: number | null };
  /** Deliveries decrypted with the receiver's keys and found equal to what was sent. */
  verified: number;
  closedSockets: number;
}

const SLOW_MS = 50;

const clientIdOf = (text: string): string => {
  const at = text.indexOf('"clientId":"');
  return at < 0 ? '' : text.slice(at + 12, at + 48);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends the planned messages open-loop at `rate` (never waiting for an answer, as independent
 * people do), then waits for the last deliveries within `drain`. Latency is the time from handing
 * a frame to the socket to the receiving socket's `message` frame with the same clientId; both
 * clocks are this process's.
 */
export async function runPhase(
  target: 'lantern' | 'relay',
  pairs: Pair[],
  plan: PlannedMessage[],
  options: { rate: number; seconds: number; drain: DrainLimits; pid: number; verify: number },
): Promise<PhaseResult> {
  const total = plan.length;
  const index = new Map<string, number>(plan.map((m, i) => [m.clientId, i]));
  const sentAt = new Float64Array(total);
  const latency = new Float64Array(total);
  const ackLatency = new Float64Array(total);
  const deliveries = new Uint32Array(total);
  const acked = new Uint8Array(total);
  const samples = new Map<number, string>();
  const errorSamples: string[] = [];
  let delivered = 0;
  let acks = 0;
  let errors = 0;
  let lastDeliveryAt = 0;
  const slow: PhaseResult['slow'] = { count: 0, firstS: null, lastS: null };
  let t0 = 0;

  const listen = (endpoint: Endpoint) => (text: string) => {
    const type = frameType(text);
    if (type === 'message' || type === 'send') {
      const i = index.get(clientIdOf(text));
      // A sender's own copy, or a late frame of an earlier phase: not a delivery.
      if (i === undefined || plan[i]!.to !== endpoint) return;
      const now = performance.now();
      const copies = deliveries[i]!;
      deliveries[i] = copies + 1;
      if (copies === 0) {
        const took = now - sentAt[i]!;
        latency[delivered++] = took;
        if (took > SLOW_MS) {
          slow.count++;
          const at = (sentAt[i]! - t0) / 1000;
          slow.firstS = Math.min(slow.firstS ?? at, at);
          slow.lastS = Math.max(slow.lastS ?? at, at);
        }
        lastDeliveryAt = now;
        if (i < options.verify) samples.set(i, text);
      }
    } else if (type === 'ack') {
      const i = index.get(clientIdOf(text));
      if (i === undefined || acked[i]) return;
      acked[i] = 1;
      ackLatency[acks++] = performance.now() - sentAt[i]!;
    } else if (type === 'error') {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(text.slice(0, 300));
    }
  };
  for (const pair of pairs) {
    pair.participant.socket.listener = listen(pair.participant);
    pair.advocate.socket.listener = listen(pair.advocate);
  }

  const cpuBefore = cpuMs(options.pid);
  const loadBefore = process.cpuUsage();
  t0 = performance.now();
  const interval = 1000 / options.rate;
  let next = 0;
  let sendLagMaxMs = 0;
  // Open loop: each tick sends everything due by now. The loop ends when all are sent, which
  // the schedule reaches in `seconds` however slow the ticks.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - t0) / interval) + 1);
      for (; next < due; next++) {
        const message = plan[next]!;
        const now = performance.now();
        sendLagMaxMs = Math.max(sendLagMaxMs, now - (t0 + next * interval));
        sentAt[next] = now;
        message.from.socket.send(message.frame);
      }
      if (next >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const lastSendAt = performance.now();

  const wantAcks = target === 'lantern';
  let progressAt = performance.now();
  let progress = -1;
  while (performance.now() - lastSendAt < options.drain.maxMs) {
    if (delivered === total && (!wantAcks || acks === total)) break;
    if (delivered + acks !== progress) (progress = delivered + acks), (progressAt = performance.now());
    else if (performance.now() - progressAt > options.drain.stallMs) break;
    await sleep(20);
  }
  // A little longer, so a second copy of a message would be seen and counted.
  await sleep(200);
  const cpuAfter = cpuMs(options.pid);
  const load = process.cpuUsage(loadBefore);

  for (const pair of pairs) pair.participant.socket.listener = pair.advocate.socket.listener = null;

  let duplicated = 0;
  for (const count of deliveries) if (count > 1) duplicated += count - 1;
  const sorted = latency.subarray(0, delivered).sort();
  const sortedAcks = ackLatency.subarray(0, acks).sort();
  const activeMs = Math.max(1, (delivered ? lastDeliveryAt : performance.now()) - t0);
  return {
    target,
    rate: options.rate,
    seconds: options.seconds,
    sent: total,
    delivered,
    lost: total - delivered,
    duplicated,
    msgsPerS: round1((delivered * 1000) / activeMs),
    p50Ms: round3(percentile(sorted, 0.5)),
    p99Ms: round3(percentile(sorted, 0.99)),
    maxMs: round3(percentile(sorted, 1)),
    ackP50Ms: wantAcks ? round3(percentile(sortedAcks, 0.5)) : null,
    ackP99Ms: wantAcks ? round3(percentile(sortedAcks, 0.99)) : null,
    errors,
    errorSamples,
    sendLagMaxMs: round1(sendLagMaxMs),
    serverCpuMs: cpuAfter - cpuBefore,
    loadCpuMs: round1((load.user + load.system) / 1000),
    elapsedMs: round1(performance.now() - t0),
    slow: { count: slow.count, firstS: slow.firstS === null ? null : round1(slow.firstS), lastS: slow.lastS === null ? null : round1(slow.lastS) },
    verified: await verifySamples(plan, samples),
    closedSockets: pairs.reduce((n, p) => n + Number(p.participant.socket.closeCode !== null) + Number(p.advocate.socket.closeCode !== null), 0),
  };
}

/** Decrypts the sampled deliveries with the receiving side's own keys; throws on any mismatch. */
async function verifySamples(plan: PlannedMessage[], samples: Map<number, string>): Promise<number> {
  let verified = 0;
  for (const [i, text] of samples) {
    const message = plan[i]!;
    if (!message.to.keys) continue;
    const frame = JSON.parse(text) as { clientId: string; sender: string; body: string };
    if (frame.sender !== message.from.sender) throw new Error(`message ${message.clientId} arrived as from '${frame.sender}'`);
    const opened = await decryptMessage(message.to.keys, message.from.sender, frame.clientId, frame.body);
    if (opened.text !== message.text) throw new Error(`message ${message.clientId} decrypted to other text`);
    verified++;
  }
  return verified;
}
