import { useEffect, useState } from 'preact/hooks';
import { dateLabel } from '../../shared/format';
import {
  countText,
  downloadCsv,
  durationText,
  loadStatistics,
  range,
  report,
  WAIT_BAND_LABELS,
  type Range,
  type StatisticsTotals,
  type WaitBand,
} from './statistics';
import { describeError, ScreenHeading } from '../../shared/common';
import { DailyChart, HourOfWeekChart } from './StatisticsCharts';

const bandText = (band: WaitBand | null) => (band === null ? 'not shown (fewer than 5)' : WAIT_BAND_LABELS[band]);

/** The rows of the totals table: what each figure is, in words, and how to read it off the totals. */
const ROWS: Array<[string, (t: StatisticsTotals) => string]> = [
  ['Started by participants', (t) => countText(t.started)],
  ['Answered', (t) => countText(t.answered)],
  ['Left before an answer', (t) => countText(t.abandoned)],
  ['Texted first by staff', (t) => countText(t.outbound)],
  ['Mean wait for an answer', (t) => durationText(t.meanWaitSeconds)],
  ['Median wait', (t) => bandText(t.medianWait)],
  ['90th percentile wait', (t) => bandText(t.p90Wait)],
  ['Mean time with an advocate', (t) => durationText(t.meanAnsweredSeconds)],
  ['Mean wait of those who left', (t) => durationText(t.meanAbandonedAfterSeconds)],
];

/**
 * Admins and supervisors: when people reach out and how long they wait, to plan who is on. The
 * figures are aggregates the server has already suppressed: "<5" stays "<5" here too.
 */
export function Statistics() {
  const [draft, setDraft] = useState<Range>(range.value);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);

  const show = async (wanted: Range) => {
    setBusy(true);
    setFailure(null);
    try {
      await loadStatistics(wanted);
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };

  useEffect(() => {
    // Figures from an earlier visit (perhaps another member's, in this tab) are not shown while new ones load.
    report.value = null;
    void show(range.value);
  }, []);

  const download = async () => {
    setDownloaded(null);
    setFailure(null);
    try {
      await downloadCsv(range.value);
      setDownloaded(`Downloaded the figures from ${dateLabel(range.value.from)} to ${dateLabel(range.value.to)} as CSV.`);
    } catch (error) {
      setFailure(describeError(error));
    }
  };

  const figures = report.value;
  return (
    <div class="statistics">
      <ScreenHeading>Statistics</ScreenHeading>
      <p class="hint">
        Counts from 1 to 4 show as “&lt;5”, and averages drawn from fewer than 5 conversations are not shown, so that a small
        number does not point at anyone. Nothing here comes from what was said.
      </p>
      <form
        class="card inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void show(draft);
        }}
      >
        <div class="field">
          <label for="statistics-from">From</label>
          <input id="statistics-from" type="date" required value={draft.from} onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="statistics-to">To</label>
          <input id="statistics-to" type="date" required value={draft.to} onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        </div>
        <button type="submit" disabled={busy}>
          Show
        </button>
        <button type="button" onClick={() => void download()} disabled={busy || !figures}>
          Download CSV
        </button>
      </form>
      <p role="status" class="hint">
        {busy ? 'Loading…' : downloaded}
      </p>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {figures && (
        <>
          <section aria-labelledby="statistics-totals-heading" class="card">
            <h2 id="statistics-totals-heading">Totals</h2>
            <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="statistics-totals-caption">
              <table>
                <caption id="statistics-totals-caption">
                  {`${dateLabel(figures.from)} to ${dateLabel(figures.to)}, times in ${figures.timeZone}`}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Figure</th>
                    <th scope="col">All</th>
                    <th scope="col">Web chat</th>
                    <th scope="col">Text message</th>
                  </tr>
                </thead>
                <tbody>
                  {ROWS.map(([label, read]) => (
                    <tr key={label}>
                      <th scope="row">{label}</th>
                      <td>{read(figures.total)}</td>
                      <td>{read(figures.byChannel.web)}</td>
                      <td>{read(figures.byChannel.sms)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="statistics-when-heading" class="card">
            <h2 id="statistics-when-heading">When people reach out</h2>
            <HourOfWeekChart report={figures} />
            <DailyChart report={figures} />
          </section>
        </>
      )}
    </div>
  );
}
