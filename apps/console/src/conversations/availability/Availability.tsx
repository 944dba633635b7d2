import { useEffect, useRef, useState } from 'preact/hooks';
import { mine } from '../conversations';
import { askDesktopPermission, desktopPermission, soundOn } from '../notifications';
import { afterReconnect, loadRouting, localClock, setAvailable, setShiftEnd } from './routing';
import { availabilityHint } from './availability-words';
import { timeLabel } from '../../shared/format';
import { routingSelf } from '../../shared/routing-self';
import { now } from '../../shared/state';
import { describeError } from '../../shared/common';

/**
 * The header's routing controls: available or away, when my shift ends, how many conversations
 * I hold against the program's cap, and the alerts (tone, desktop notifications).
 */
export function Availability() {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shift, setShift] = useState('');
  /** Said once the server has the shift end, so pressing Save is not a leap of faith. */
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    loadRouting()
      .then(() => setShift(routingSelf.value?.shiftEndsAt ? localClock(routingSelf.value.shiftEndsAt) : ''))
      .catch((error: unknown) => setFailure(describeError(error)));
    // The server makes a member away when a socket cut reaches it late (another node): say it again.
    const recheck = setInterval(() => void afterReconnect().catch(() => undefined), 60_000);
    return () => {
      clearInterval(recheck);
      routingSelf.value = null;
    };
  }, []);

  // What I hold changed (answered, transferred, ended): read the cap and my place again, in case an admin changed them.
  const heldNow = mine.value.length;
  const firstCount = useRef(true);
  useEffect(() => {
    if (firstCount.current) {
      firstCount.current = false;
      return;
    }
    void loadRouting().catch(() => undefined);
  }, [heldNow]);

  const self = routingSelf.value;
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };
  const saveShift = (event: Event) => {
    event.preventDefault();
    setSaved(null);
    void run(async () => {
      await setShiftEnd(shift || null);
      const ends = routingSelf.value?.shiftEndsAt ?? null;
      setShift(ends ? localClock(ends) : '');
      setSaved(ends ? `Saved: your shift ends at ${timeLabel(ends)}.` : 'Saved: no shift end.');
    });
  };

  const held = mine.value.length;
  return (
    <section class="availability" aria-label="Availability and alerts">
      <div class="switch">
        <input
          type="checkbox"
          role="switch"
          id="available"
          checked={self?.available ?? false}
          disabled={!self || busy}
          aria-describedby="available-hint"
          onChange={(e) => {
            const next = e.currentTarget.checked;
            void run(() => setAvailable(next));
          }}
        />
        <label for="available">Available for new conversations</label>
        <p id="available-hint" class="hint">
          {availabilityHint(self, now.value)}
        </p>
      </div>
      {self && (
        <p class="load" role="status">
          {self.routed ? `${held} of ${self.settings.conversationCap} conversations` : `${held} open ${held === 1 ? 'conversation' : 'conversations'}`}
        </p>
      )}
      <form class="shift" onSubmit={saveShift}>
        <label for="shift-end">Shift ends at</label>
        <input
          type="time"
          id="shift-end"
          value={shift}
          disabled={!self || busy}
          aria-describedby="shift-hint"
          onInput={(e) => {
            setShift(e.currentTarget.value);
            setSaved(null);
          }}
        />
        <button type="submit" disabled={!self || busy}>
          Save shift end
        </button>
        <span role="status" class="saved">
          {saved}
        </span>
        {/* Read with the field; kept off the screen so the header stays one line on a laptop. */}
        <p id="shift-hint" class="hint visually-hidden">
          {self?.routed
            ? `No new conversation is handed to you in the last ${self.settings.shiftEndMarginMinutes} minutes of your shift.`
            : 'For the hand-off at the end of your shift.'}{' '}
          Leave it empty and save for no end.
        </p>
      </form>
      <div class="alerts">
        <div class="switch">
          <input type="checkbox" role="switch" id="sound" checked={soundOn.value} onChange={(e) => (soundOn.value = e.currentTarget.checked)} />
          <label for="sound">Sound alerts</label>
        </div>
        {desktopPermission.value === 'default' && (
          <button type="button" onClick={() => void askDesktopPermission()}>
            Turn on desktop alerts
          </button>
        )}
        {desktopPermission.value === 'denied' && <p class="hint">Desktop alerts are blocked in this browser’s site settings.</p>}
        {desktopPermission.value === 'granted' && <p class="hint">Desktop alerts are on.</p>}
      </div>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </section>
  );
}
