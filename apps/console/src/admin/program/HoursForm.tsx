import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isOpen } from '@lantern/protocol/hours-rule';
import { dateLabel, dateTimeLabel } from '../../shared/format';
import {
  WEEKDAYS,
  browserZone,
  dateInputId,
  draftFromHours,
  hoursFromDraft,
  newId,
  newRange,
  timeZones,
  type ExceptionDraft,
  type HoursDraft,
  type RangeDraft,
  type Weekday,
} from './hours-draft';
import { saveHours, type Hours, type ProgramSettings } from './program';
import { serviceStatus, stateLabel } from '../../shared/service-status';
import { describeError } from '../../shared/common';
import { RangesEditor } from './RangesEditor';

const exceptionName = (exception: ExceptionDraft) => (exception.date ? dateLabel(exception.date) : 'New date');

/** When the line is open, in the program's own time zone: every week, and dates that differ. */
export function HoursForm({ settings }: { settings: ProgramSettings }) {
  const [draft, setDraft] = useState<HoursDraft>(() => draftFromHours(settings.hours, browserZone()));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  // About 400 zones, listed once; the saved zone is among them even if this browser does not know it.
  const zones = useMemo(() => timeZones(draft.timeZone), []);

  const change = (patch: Partial<HoursDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDone(null);
  };
  const setDay = (day: Weekday, ranges: RangeDraft[]) => setDraft((d) => ({ ...d, weekly: { ...d.weekly, [day]: ranges } }));
  const setException = (id: number, patch: Partial<ExceptionDraft>) =>
    setDraft((d) => ({ ...d, exceptions: d.exceptions.map((x) => (x.id === id ? { ...x, ...patch } : x)) }));

  const copyMonday = () =>
    setDraft((d) => {
      const weekly = { ...d.weekly };
      for (const day of ['tue', 'wed', 'thu', 'fri'] as const) weekly[day] = d.weekly.mon.map((r) => newRange(r.from, r.to));
      return { ...d, weekly };
    });

  const addException = () => {
    // A holiday is the usual reason: a new date starts closed all day.
    const exception: ExceptionDraft = { id: newId(), date: '', closed: true, ranges: [] };
    setDraft((d) => ({ ...d, exceptions: [...d.exceptions, exception] }));
    requestAnimationFrame(() => document.getElementById(dateInputId(exception))?.focus());
  };
  const removeException = (id: number) => {
    setDraft((d) => ({ ...d, exceptions: d.exceptions.filter((x) => x.id !== id) }));
    requestAnimationFrame(() => document.getElementById('add-exception')?.focus());
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const checked = hoursFromDraft(draft, dateLabel);
    if (!checked.ok) {
      setFailure(checked.message);
      setDone(null);
      document.getElementById(checked.focusId)?.focus();
      return;
    }
    // Hours that close an open line reach everyone at once, as Closed does: ask first.
    if (!confirming && closesTheLineNow(checked.hours)) {
      setFailure(null);
      setDone(null);
      setConfirming(true);
      return;
    }
    setConfirming(false);
    setBusy(true);
    setFailure(null);
    try {
      const status = await saveHours(checked.hours);
      const next = status.state === 'closed' && status.opens_at ? `; it opens ${dateTimeLabel(status.opens_at)}` : '';
      setDone(`Hours saved. Participants now see: ${stateLabel(status.state)}${next}.`);
    } catch (error) {
      // A time zone the server's own Intl does not know comes back as a 400 that names it.
      setFailure(`The hours were not saved: ${describeError(error)}`);
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="hours-heading" class="card">
      <h2 id="hours-heading" tabIndex={-1}>Hours</h2>
      <form onSubmit={submit} class="hours-form" noValidate>
        <div class="switch">
          <input
            type="checkbox"
            role="switch"
            id="hours-always"
            checked={draft.alwaysOpen}
            disabled={busy}
            aria-describedby="hours-always-hint"
            onChange={(e) => change({ alwaysOpen: e.currentTarget.checked })}
          />
          <label for="hours-always">Open at all hours</label>
          <p id="hours-always-hint" class="hint">
            On: the line never closes by itself. Off: it opens only during the hours below.
          </p>
        </div>
        {!draft.alwaysOpen && (
          <>
            <div class="field zone">
              <label for="hours-zone">Time zone</label>
              <select
                id="hours-zone"
                value={draft.timeZone}
                disabled={busy}
                aria-describedby="hours-zone-hint"
                onChange={(e) => change({ timeZone: e.currentTarget.value })}
              >
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replace(/_/g, ' ')}
                  </option>
                ))}
              </select>
              <p id="hours-zone-hint" class="hint">
                The times below are clock times there; daylight-saving changes are followed. A range that ends at midnight
                (00:00, or 12:00 AM) runs to the end of its day.
              </p>
            </div>
            <fieldset class="week">
              <legend>Every week</legend>
              {WEEKDAYS.map(([day, name]) => (
                <fieldset key={day} class="day">
                  <legend>{name}</legend>
                  <RangesEditor name={name} idBase={day} emptyText="Closed" ranges={draft.weekly[day]} disabled={busy} onChange={(r) => setDay(day, r)} />
                </fieldset>
              ))}
              <button type="button" onClick={copyMonday} disabled={busy}>
                Copy Monday’s hours to Tuesday–Friday
              </button>
            </fieldset>
            <fieldset class="exceptions" aria-describedby="exceptions-hint">
              <legend>Dates with other hours</legend>
              <p id="exceptions-hint" class="hint">
                Holidays and special days: their hours replace the weekly ones on that date.
              </p>
              <ul class="rows">
                {draft.exceptions.map((exception) => (
                  <li key={exception.id}>
                    <fieldset class="exception">
                      <legend>{exceptionName(exception)}</legend>
                      <div class="field">
                        <label for={dateInputId(exception)}>Date</label>
                        <input
                          id={dateInputId(exception)}
                          type="date"
                          required
                          value={exception.date}
                          disabled={busy}
                          onInput={(e) => setException(exception.id, { date: e.currentTarget.value })}
                        />
                      </div>
                      <div class="switch">
                        <input
                          type="checkbox"
                          id={`exception-${exception.id}-closed`}
                          checked={exception.closed}
                          disabled={busy}
                          onChange={(e) =>
                            setException(exception.id, {
                              closed: e.currentTarget.checked,
                              ranges: e.currentTarget.checked || exception.ranges.length > 0 ? exception.ranges : [newRange('10:00', '14:00')],
                            })
                          }
                        />
                        <label for={`exception-${exception.id}-closed`}>Closed all day</label>
                      </div>
                      {!exception.closed && (
                        <RangesEditor
                          name={exceptionName(exception)}
                          idBase={`exception-${exception.id}`}
                          emptyText="No hours yet"
                          ranges={exception.ranges}
                          disabled={busy}
                          onChange={(ranges) => setException(exception.id, { ranges })}
                        />
                      )}
                      <button type="button" disabled={busy} onClick={() => removeException(exception.id)} aria-label={`Remove this date: ${exceptionName(exception)}`}>
                        Remove this date
                      </button>
                    </fieldset>
                  </li>
                ))}
              </ul>
              <button type="button" id="add-exception" disabled={busy} onClick={addException}>
                Add a date
              </button>
            </fieldset>
          </>
        )}
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        {confirming ? (
          <div class="confirm">
            <p id="hours-warning">
              These hours close the line now: every participant waiting or chatting is told at once, and no new chat can start until
              the line opens again.
            </p>
            <button type="submit" class="danger" ref={confirmButton} disabled={busy} aria-describedby="hours-warning">
              Confirm: close the line now
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="submit" class="primary" disabled={busy}>
            Save hours
          </button>
        )}
        <p role="status" class="notice">
          {done}
        </p>
      </form>
    </section>
  );
}

/** The line is open now (the switch follows the hours) and these hours would have it closed. */
function closesTheLineNow(hours: Hours | null): boolean {
  const status = serviceStatus.value;
  return hours !== null && status?.state === 'open' && !isOpen(hours, new Date());
}
