import type { Hours } from './program';

/**
 * The hours as the form edits them, and the checks before they go to the server. `<input
 * type="time">` cannot say 24:00, so a range ending at 00:00 means "until midnight" and is sent as
 * 24:00 (the server's way); the server's 24:00 shows as 00:00.
 */

export const WEEKDAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
export type Weekday = (typeof WEEKDAYS)[number][0];

/** The server keeps at most this many ranges a day. */
export const MAX_RANGES = 6;

export interface RangeDraft {
  /** Stable across edits, for keys and input ids. */
  id: number;
  from: string;
  to: string;
}

export interface ExceptionDraft {
  id: number;
  /** YYYY-MM-DD, as `<input type="date">` gives it; empty until chosen. */
  date: string;
  closed: boolean;
  ranges: RangeDraft[];
}

export interface HoursDraft {
  alwaysOpen: boolean;
  timeZone: string;
  weekly: Record<Weekday, RangeDraft[]>;
  exceptions: ExceptionDraft[];
}

let nextId = 1;
export const newId = () => nextId++;
export const newRange = (from = '09:00', to = '17:00'): RangeDraft => ({ id: newId(), from, to });

const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** Only well-formed ranges are taken from what was stored; anything else starts empty. */
function rangesFrom(value: unknown): RangeDraft[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((r): r is [string, string] => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string')
    .map(([from, to]) => ({ id: newId(), from, to: to === '24:00' ? '00:00' : to }))
    .filter((r) => CLOCK.test(r.from) && CLOCK.test(r.to));
}

export function draftFromHours(hours: Hours | null | undefined, defaultZone: string): HoursDraft {
  const weekly = Object.fromEntries(WEEKDAYS.map(([day]) => [day, rangesFrom(hours?.weekly[day])])) as Record<Weekday, RangeDraft[]>;
  const exceptions = Object.entries(hours?.exceptions ?? {})
    .filter(([date]) => DATE.test(date))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, ranges]) => {
      const parsed = rangesFrom(ranges);
      return { id: newId(), date, closed: parsed.length === 0, ranges: parsed };
    });
  return { alwaysOpen: hours === null, timeZone: hours?.timeZone ?? defaultZone, weekly, exceptions };
}

export type Checked = { ok: true; hours: Hours | null } | { ok: false; message: string; focusId: string };

export const rangeInputId = (range: RangeDraft, end: 'from' | 'to') => `range-${range.id}-${end}`;
export const dateInputId = (exception: ExceptionDraft) => `exception-${exception.id}-date`;

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Checks one day's ranges and gives them in the server's form, earliest first. */
function checkRanges(where: string, ranges: RangeDraft[]): { ok: true; ranges: [string, string][] } | { ok: false; message: string; focusId: string } {
  if (ranges.length > MAX_RANGES) return { ok: false, message: `${where}: at most ${MAX_RANGES} ranges.`, focusId: rangeInputId(ranges[MAX_RANGES]!, 'from') };
  for (const range of ranges) {
    if (!CLOCK.test(range.from)) return { ok: false, message: `${where}: enter the time it opens.`, focusId: rangeInputId(range, 'from') };
    if (!CLOCK.test(range.to)) return { ok: false, message: `${where}: enter the time it closes.`, focusId: rangeInputId(range, 'to') };
    const end = range.to === '00:00' ? 24 * 60 : minutes(range.to);
    if (end <= minutes(range.from)) {
      return { ok: false, message: `${where}: ${range.from} to ${range.to} ends before it starts. Split a night shift in two at midnight.`, focusId: rangeInputId(range, 'to') };
    }
  }
  const sorted = [...ranges].sort((a, b) => minutes(a.from) - minutes(b.from));
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1]!;
    const end = before.to === '00:00' ? 24 * 60 : minutes(before.to);
    if (minutes(sorted[i]!.from) < end) {
      return { ok: false, message: `${where}: ${before.from}–${before.to} and ${sorted[i]!.from}–${sorted[i]!.to} overlap.`, focusId: rangeInputId(sorted[i]!, 'from') };
    }
  }
  return { ok: true, ranges: sorted.map((r) => [r.from, r.to === '00:00' ? '24:00' : r.to]) };
}

export function hoursFromDraft(draft: HoursDraft, dayName: (date: string) => string): Checked {
  if (draft.alwaysOpen) return { ok: true, hours: null };
  const weekly: Hours['weekly'] = {};
  for (const [day, name] of WEEKDAYS) {
    const checked = checkRanges(name, draft.weekly[day]);
    if (!checked.ok) return checked;
    if (checked.ranges.length > 0) weekly[day] = checked.ranges;
  }
  const exceptions: Hours['exceptions'] = {};
  for (const exception of draft.exceptions) {
    if (!DATE.test(exception.date)) return { ok: false, message: 'Choose a date for each exception, or remove it.', focusId: dateInputId(exception) };
    const where = dayName(exception.date);
    if (exception.date in exceptions) return { ok: false, message: `${where} is listed twice.`, focusId: dateInputId(exception) };
    if (exception.closed) {
      exceptions[exception.date] = [];
      continue;
    }
    if (exception.ranges.length === 0) {
      return { ok: false, message: `${where}: add its hours, or mark it closed all day.`, focusId: dateInputId(exception) };
    }
    const checked = checkRanges(where, exception.ranges);
    if (!checked.ok) return checked;
    exceptions[exception.date] = checked.ranges;
  }
  return { ok: true, hours: { timeZone: draft.timeZone, weekly, exceptions } };
}

/** Every IANA zone this browser knows, with the program's own and UTC always present. */
export function timeZones(current: string): string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = FALLBACK_ZONES;
  }
  if (zones.length === 0) zones = FALLBACK_ZONES;
  const all = new Set([...zones, 'UTC', current]);
  return [...all].filter(Boolean).sort();
}

/** For a browser without Intl.supportedValuesOf: the zones most programs would pick. */
const FALLBACK_ZONES = [
  'America/Anchorage',
  'America/Chicago',
  'America/Denver',
  'America/Halifax',
  'America/Los_Angeles',
  'America/Mexico_City',
  'America/New_York',
  'America/Phoenix',
  'America/Regina',
  'America/St_Johns',
  'America/Toronto',
  'America/Vancouver',
  'America/Winnipeg',
  'America/Edmonton',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Africa/Johannesburg',
  'Africa/Nairobi',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Honolulu',
];

/** The browser's own zone, the likeliest first choice for a program that has none yet. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
