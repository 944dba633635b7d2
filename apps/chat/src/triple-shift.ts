/**
 * The keyboard quick exit: Shift pressed on its own three times, each press within a second of
 * the one before (as GOV.UK's "Exit this page"). A Shift held for a capital letter does not
 * count, and any other key starts the count again. Esc is left alone: browsers use it to stop loading.
 */
export const PRESSES = 3;
export const WITHIN_MS = 1000;

export interface TripleShiftEvents {
  /** A lone press that was not the last: `remaining` more are needed. */
  progress(remaining: number): void;
  triggered(): void;
}

export function listenForTripleShift(events: TripleShiftEvents, target: EventTarget = document): void {
  let count = 0;
  let last = -Infinity;
  let alone = false;
  target.addEventListener(
    'keydown',
    (event) => {
      const key = event as KeyboardEvent;
      if (key.repeat) return;
      alone = key.key === 'Shift';
      if (!alone) count = 0;
    },
    true,
  );
  target.addEventListener(
    'keyup',
    (event) => {
      const key = event as KeyboardEvent;
      if (key.key !== 'Shift' || !alone) return;
      alone = false;
      const now = key.timeStamp;
      count = now - last <= WITHIN_MS ? count + 1 : 1;
      last = now;
      if (count >= PRESSES) {
        count = 0;
        events.triggered();
      } else {
        events.progress(PRESSES - count);
      }
    },
    true,
  );
}
