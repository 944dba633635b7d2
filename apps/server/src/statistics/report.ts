import {
  SMALL_COUNT,
  WAIT_BANDS,
  type StatisticsReply,
  type StatisticsTotals,
  type WaitBand,
} from '@lantern/protocol';
import type { Db } from '../store/db';
import { coveringInstants, datesBetween, localHour } from './calendar';
import { bandColumn, COUNTER_COLUMNS, type CounterColumn, type Counters } from './counters';
import { suppressed, withheldMean } from './suppress';

export const zero = (): Counters => Object.fromEntries(COUNTER_COLUMNS.map((column) => [column, 0])) as unknown as Counters;

export function add(into: Counters, row: Partial<Record<CounterColumn, unknown>>): void {
  // PostgreSQL hands bigint sums back as strings.
  for (const column of COUNTER_COLUMNS) into[column] += Number(row[column] ?? 0);
}

/** The band holding the q-th quantile of the waits, or null when fewer than 5 waits are counted. */
export function quantileBand(counters: Counters, q: number): WaitBand | null {
  const counts = WAIT_BANDS.map((band) => counters[bandColumn(band)]);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < SMALL_COUNT) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [i, band] of WAIT_BANDS.entries()) {
    seen += counts[i]!;
    if (seen >= rank) return band;
  }
  return '30m_plus';
}

/** Counters summed over a set of hours, as they may leave the server. */
export function totalsOf(c: Counters): StatisticsTotals {
  return {
    started: suppressed(c.started),
    answered: suppressed(c.answered),
    abandoned: suppressed(c.abandoned),
    outbound: suppressed(c.outbound),
    meanWaitSeconds: withheldMean(c.wait_seconds, c.answered),
    meanAnsweredSeconds: withheldMean(c.answered_seconds, c.answered),
    meanAbandonedAfterSeconds: withheldMean(c.abandoned_seconds, c.abandoned),
    waitBands: Object.fromEntries(WAIT_BANDS.map((band) => [band, suppressed(c[bandColumn(band)])])) as StatisticsTotals['waitBands'],
    medianWait: quantileBand(c, 0.5),
    p90Wait: quantileBand(c, 0.9),
  };
}

/**
 * The statistics of the local dates `from`…`to` in `timeZone`, from the hourly counters. Sums are
 * made here, on the server, and only then suppressed: no raw count under 5 is returned.
 * The counters are kept by UTC hour; in a zone whose offset is not whole hours (India, Nepal)
 * an hour is counted under the local hour it starts in.
 */
export async function statisticsReport(db: Db, query: { from: string; to: string; timeZone: string }): Promise<StatisticsReply> {
  const { start, end } = coveringInstants(query.from, query.to);
  const rows = await db.selectFrom('conversation_stats').selectAll().where('hour', '>=', start).where('hour', '<', end).execute();

  const total = zero();
  const byChannel = { web: zero(), sms: zero() };
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const days = new Map(datesBetween(query.from, query.to).map((date) => [date, zero()]));
  for (const row of rows) {
    const local = localHour(new Date(row.hour), query.timeZone);
    const day = days.get(local.date);
    if (!day) continue;
    add(total, row);
    add(byChannel[row.channel], row);
    add(day, row);
    const hours = grid[local.weekday]!;
    hours[local.hour] = (hours[local.hour] ?? 0) + Number(row.started);
  }
  return {
    from: query.from,
    to: query.to,
    timeZone: query.timeZone,
    total: totalsOf(total),
    byChannel: { web: totalsOf(byChannel.web), sms: totalsOf(byChannel.sms) },
    hourOfWeek: grid.map((hours) => hours.map(suppressed)),
    byDay: [...days].map(([date, c]) => ({ date, started: suppressed(c.started), answered: suppressed(c.answered), abandoned: suppressed(c.abandoned) })),
  };
}
