import { WAIT_BANDS, type StatisticsReply, type StatisticsTotals } from '@lantern/protocol';
import { weekdayName } from './calendar';

/**
 * The report as CSV, one figure a line (section, key, measure, value): easy to filter and pivot
 * in a spreadsheet. It holds exactly the suppressed figures of the JSON answer ("<5", and an
 * empty value for a withheld mean), never a raw small count.
 */
export function statisticsCsv(report: StatisticsReply): string {
  const lines: Array<Array<string | number | null>> = [['section', 'key', 'measure', 'value']];
  lines.push(['period', 'all', 'from', report.from], ['period', 'all', 'to', report.to], ['period', 'all', 'time_zone', report.timeZone]);
  const totals = (section: string, key: string, t: StatisticsTotals) => {
    lines.push(
      [section, key, 'started', t.started],
      [section, key, 'answered', t.answered],
      [section, key, 'abandoned', t.abandoned],
      [section, key, 'texted_first_by_staff', t.outbound],
      [section, key, 'mean_wait_seconds', t.meanWaitSeconds],
      [section, key, 'mean_answered_seconds', t.meanAnsweredSeconds],
      [section, key, 'mean_abandoned_after_seconds', t.meanAbandonedAfterSeconds],
      ...WAIT_BANDS.map((band) => [section, key, `waited_${band}`, t.waitBands[band]]),
      [section, key, 'median_wait_band', t.medianWait],
      [section, key, 'p90_wait_band', t.p90Wait],
    );
  };
  totals('total', 'all', report.total);
  totals('channel', 'web', report.byChannel.web);
  totals('channel', 'sms', report.byChannel.sms);
  for (const day of report.byDay) {
    lines.push(['day', day.date, 'started', day.started], ['day', day.date, 'answered', day.answered], ['day', day.date, 'abandoned', day.abandoned]);
  }
  report.hourOfWeek.forEach((hours, weekday) =>
    hours.forEach((count, hour) => lines.push(['hour_of_week', `${weekdayName(weekday)} ${String(hour).padStart(2, '0')}:00`, 'started', count])),
  );
  return lines.map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Every value is ours (numbers, dates, fixed words, a time zone name); quoting still guards the format. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
