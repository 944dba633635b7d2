/** Local dates and hours in the program's time zone, with Intl only. */

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The UTC midnight of a real calendar date "YYYY-MM-DD", or null (2026-02-30 is not one). */
export function calendarDay(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(at).toISOString().slice(0, 10) === date ? at : null;
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let at = calendarDay(from)!; at <= calendarDay(to)!; at += DAY_MS) dates.push(new Date(at).toISOString().slice(0, 10));
  return dates;
}

export interface LocalHour {
  date: string;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Where an instant falls on the program's calendar. */
export function localHour(instant: Date, timeZone: string): LocalHour {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'short' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, weekday: WEEKDAYS.indexOf(get('weekday')), hour: Number(get('hour')) };
}

export const weekdayName = (weekday: number) => WEEKDAYS[weekday]!;

/**
 * UTC instants surely covering the local dates `from`…`to` in any time zone (offsets stay within
 * ±14 h); rows in the margin are sorted out by their local date.
 */
export function coveringInstants(from: string, to: string): { start: Date; end: Date } {
  const margin = 15 * 3_600_000;
  return { start: new Date(calendarDay(from)! - margin), end: new Date(calendarDay(to)! + DAY_MS + margin) };
}
