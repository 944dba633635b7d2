/*
 * When a silent conversation closes, on a whole minute. The warning names the close as a clock
 * time ("send a message before 1:41"), and a clock time names a minute: a close at 1:40:46 would
 * make "before 1:40" false (there were 46 seconds more) and "before 1:41" false too (it closes
 * first). So the close is put on the minute the warning can name, never earlier than the silence
 * the program set: the close delay, rounded up to the next whole minute.
 */
const MINUTE_MS = 60_000;

/** The close a warning given at `warnedAt` names: `closeAfterMinutes` later, rounded up to a whole minute. */
export function inactivityClose(warnedAt: Date, closeAfterMinutes: number): Date {
  return new Date(Math.ceil((warnedAt.getTime() + closeAfterMinutes * MINUTE_MS) / MINUTE_MS) * MINUTE_MS);
}

/**
 * Conversations warned at or before this are due at `now`: for them `inactivityClose` is not after
 * `now` (a rounded-up close is at most `now` exactly when the unrounded one is at most the start
 * of `now`'s minute).
 */
export function warnedByNow(now: Date, closeAfterMinutes: number): Date {
  return new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - closeAfterMinutes * MINUTE_MS);
}
