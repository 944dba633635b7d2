import { WAIT_BAND_LIMITS, WAIT_BANDS, type WaitBand } from '@lantern/protocol';

/** The counter columns of `conversation_stats`: what one closed conversation adds to its hour. */
export interface Counters {
  started: number;
  answered: number;
  abandoned: number;
  outbound: number;
  wait_seconds: number;
  duration_seconds: number;
  answered_seconds: number;
  abandoned_seconds: number;
  waited_under_1m: number;
  waited_1_to_5m: number;
  waited_5_to_15m: number;
  waited_15_to_30m: number;
  waited_30m_plus: number;
}

export const COUNTER_COLUMNS = [
  'started',
  'answered',
  'abandoned',
  'outbound',
  'wait_seconds',
  'duration_seconds',
  'answered_seconds',
  'abandoned_seconds',
  'waited_under_1m',
  'waited_1_to_5m',
  'waited_5_to_15m',
  'waited_15_to_30m',
  'waited_30m_plus',
] as const satisfies ReadonlyArray<keyof Counters>;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];

export const bandColumn = (band: WaitBand) => `waited_${band}` as const;

const none = (): Counters => Object.fromEntries(COUNTER_COLUMNS.map((column) => [column, 0])) as unknown as Counters;

const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));

export function waitBand(waitSeconds: number): WaitBand {
  return WAIT_BANDS.find((band) => waitSeconds < WAIT_BAND_LIMITS[band]) ?? '30m_plus';
}

/**
 * What a conversation adds to the counters when it closes. One a participant started is
 * answered (someone claimed it) or abandoned (it closed before anyone did, whoever closed it);
 * one staff started (texting a number first) is counted apart, so it neither adds a wait of zero
 * nor looks like demand.
 */
export function countersFor(conversation: { created_at: Date; answered_at: Date | null; outbound: boolean }, closedAt: Date): Counters {
  const counters = none();
  if (conversation.outbound) {
    counters.outbound = 1;
    return counters;
  }
  counters.started = 1;
  counters.duration_seconds = seconds(conversation.created_at, closedAt);
  if (conversation.answered_at) {
    const wait = seconds(conversation.created_at, conversation.answered_at);
    counters.answered = 1;
    counters.wait_seconds = wait;
    counters.answered_seconds = seconds(conversation.answered_at, closedAt);
    counters[bandColumn(waitBand(wait))] = 1;
  } else {
    counters.abandoned = 1;
    counters.abandoned_seconds = counters.duration_seconds;
  }
  return counters;
}

/** The UTC hour a conversation's counters go under: the hour it started in. */
export function hourOf(instant: Date): Date {
  const hour = new Date(instant);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
