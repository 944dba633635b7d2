import type { PhaseResult } from './phase';

/** The latency bound of the issue: the highest rate at which p99 stays at or under this. */
export const P99_BOUND_MS = 50;

/** A step passes when every message arrived, p99 is in bound and deliveries kept up with the offer. */
export function passes(step: PhaseResult): boolean {
  return step.lost === 0 && step.duplicated === 0 && step.errors === 0 && step.p99Ms <= P99_BOUND_MS && step.msgsPerS >= 0.9 * step.rate;
}

export interface RampResult {
  /** Highest rate seen to pass, or 0 if none did. */
  maxRate: number;
  /** True when the ramp ran out of steps while still passing: the true maximum is higher. */
  capped: boolean;
  steps: Array<{ rate: number; p99Ms: number; msgsPerS: number; lost: number; passed: boolean }>;
}

/**
 * A short ramp from a known step: doubling up while steps pass (halving down while they fail),
 * then one step at the geometric middle of the last pass and the first failure. A failed step
 * is run once more before it counts: a short step that happens to contain one stall (the
 * server's 30-second heartbeat, a collection) says little about the sustained rate, and the
 * main phase already shows such stalls. At most `maxSteps` steps in all, each bounded in time
 * by the caller.
 */
export async function rampFrom(first: PhaseResult, maxSteps: number, step: (rate: number) => Promise<PhaseResult>): Promise<RampResult> {
  const steps: RampResult['steps'] = [];
  const record = (r: PhaseResult) => {
    const passed = passes(r);
    steps.push({ rate: r.rate, p99Ms: r.p99Ms, msgsPerS: r.msgsPerS, lost: r.lost, passed });
    return passed;
  };
  let budget = maxSteps;
  const attempt = async (rate: number) => {
    budget--;
    if (record(await step(rate))) return true;
    if (budget === 0) return false;
    budget--;
    return record(await step(rate));
  };
  let pass: number | null = null;
  let fail: number | null = null;
  if (record(first)) pass = first.rate;
  else fail = first.rate;

  const up = pass !== null;
  while (budget > 0 && (up ? fail === null : pass === null)) {
    const rate = up ? pass! * 2 : Math.max(1, Math.round(fail! / 2));
    if (await attempt(rate)) pass = rate;
    else fail = rate;
    if (!up && rate === 1) break;
  }
  if (budget > 0 && pass !== null && fail !== null && fail / pass > 1.2) {
    const rate = Math.round(Math.sqrt(pass * fail));
    if (await attempt(rate)) pass = rate;
  }
  return { maxRate: pass ?? 0, capped: fail === null, steps };
}
