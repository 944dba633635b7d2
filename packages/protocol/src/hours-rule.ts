/**
 * The program's weekly hours in its own time zone, with dated exceptions (holidays), computed
 * with Intl only; schema-free, so the console too can tell whether new hours close the line now.
 * Times are "HH:MM" wall-clock times; a range may not cross midnight (split it).
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type Range = [string, string];

export interface Hours {
  timeZone: string;
  weekly: Partial<Record<Weekday, Range[]>>;
  /** By local date (YYYY-MM-DD): the ranges of that day instead of the weekly ones; [] = closed all day. */
  exceptions: Record<string, Range[]>;
}

const MINUTE_MS = 60_000;
/** How far ahead the next opening is looked for. */
const HORIZON_DAYS = 60;

interface LocalTime {
  date: string;
  weekday: Weekday;
  minutes: number;
}

function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: get('weekday').slice(0, 3).toLowerCase() as Weekday,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function rangesOn(hours: Hours, local: LocalTime): Range[] {
  return hours.exceptions[local.date] ?? hours.weekly[local.weekday] ?? [];
}

export function isOpen(hours: Hours, now: Date): boolean {
  const local = localTime(now, hours.timeZone);
  return rangesOn(hours, local).some(([from, to]) => local.minutes >= toMinutes(from) && local.minutes < toMinutes(to));
}

/**
 * The next instant the line opens, or null if it does not within the horizon. For each day ahead
 * it moves to the opening's wall-clock time and corrects once by what Intl then reads, so a
 * daylight-saving change between the probe and the opening is taken from Intl, not computed here.
 */
export function nextOpening(hours: Hours, now: Date): Date | null {
  if (isOpen(hours, now)) return now;
  const start = Math.ceil(now.getTime() / MINUTE_MS) * MINUTE_MS;
  let best: number | null = null;
  for (let day = 0; day <= HORIZON_DAYS && best === null; day++) {
    const probe = new Date(start + day * 86_400_000);
    const local = localTime(probe, hours.timeZone);
    for (const [from] of rangesOn(hours, local)) {
      // The instant of `from` on that local date: shift the probe by the difference in local minutes.
      let candidate = probe.getTime() + (toMinutes(from) - local.minutes) * MINUTE_MS;
      const check = localTime(new Date(candidate), hours.timeZone);
      if (check.date === local.date) candidate += (toMinutes(from) - check.minutes) * MINUTE_MS;
      const final = localTime(new Date(candidate), hours.timeZone);
      const exact = final.date === local.date && final.minutes === toMinutes(from) ? candidate : null;
      if (exact !== null && exact >= start && (best === null || exact < best)) best = exact;
    }
  }
  return best === null ? null : new Date(best);
}
