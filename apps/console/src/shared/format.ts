import type { Channel, Role } from '@lantern/protocol';

export const channelLabel = (channel: Channel) => (channel === 'sms' ? 'Text message' : 'Web chat');

export const roleLabel = (role: Role) => ({ advocate: 'Advocate', supervisor: 'Supervisor', admin: 'Admin' })[role];

const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;

export function languageLabel(tag: string): string {
  try {
    return languageNames?.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** Coarse on purpose: a wait time read at a glance, refreshed every 15 s. */
export function waitLabel(since: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
export const timeLabel = (iso: string) => clock.format(new Date(iso));

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const dateTimeLabel = (iso: string) => dateTime.format(new Date(iso));

const calendarDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });
/** A local date (YYYY-MM-DD, no time zone) in words; read as UTC so it never shifts by a day. */
export function dateLabel(ymd: string): string {
  const date = new Date(`${ymd}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? ymd : calendarDay.format(date);
}
