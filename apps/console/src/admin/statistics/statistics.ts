import type { StatisticsReply, SuppressedCount, WaitBand } from '@lantern/protocol';
import { signal } from '@preact/signals';
import { api, ApiError, getToken } from '../../shared/api';

export type { StatisticsReply, StatisticsTotals, SuppressedCount, WaitBand } from '@lantern/protocol';

/** The Statistics screen's state: the range asked for and the figures the server answered (suppressed there). */

export interface Range {
  from: string;
  to: string;
}

const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The last four weeks, today included. */
export function defaultRange(today = new Date()): Range {
  const from = new Date(today);
  from.setDate(from.getDate() - 27);
  return { from: isoDay(from), to: isoDay(today) };
}

export const range = signal<Range>(defaultRange());
export const report = signal<StatisticsReply | null>(null);

const query = ({ from, to }: Range) => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

export async function loadStatistics(wanted: Range): Promise<void> {
  report.value = await api<StatisticsReply>('GET', `/api/admin/statistics?${query(wanted)}`);
  range.value = wanted;
}

/**
 * The CSV through the same bearer token as every call (no cookie, so no plain link can fetch it),
 * handed to the browser as a download from memory.
 */
export async function downloadCsv(wanted: Range): Promise<void> {
  const response = await fetch(`/api/admin/statistics.csv?${query(wanted)}`, {
    headers: { authorization: `Bearer ${getToken() ?? ''}` },
    credentials: 'omit',
    cache: 'no-store',
  }).catch(() => {
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection and try again.');
  });
  if (!response.ok) {
    const reply = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(response.status, reply.error ?? 'http_error', reply.message ?? `The server answered ${response.status}.`);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'statistics.csv';
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
}

/** A suppressed count in words: "<5" stays "<5", never a number. */
export const countText = (count: SuppressedCount) => (count === '<5' ? '<5' : count.toLocaleString());

export const WAIT_BAND_LABELS: Record<WaitBand, string> = {
  under_1m: 'under 1 min',
  '1_to_5m': '1 to 5 min',
  '5_to_15m': '5 to 15 min',
  '15_to_30m': '15 to 30 min',
  '30m_plus': '30 min or more',
};

/** A mean in seconds as minutes and seconds; a withheld one says why it is missing. */
export function durationText(seconds: number | null): string {
  if (seconds === null) return 'not shown (fewer than 5)';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const hourText = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
