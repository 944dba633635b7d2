/** Failed sign-ins in a row that lock an account. */
export const FAILURES_BEFORE_LOCK = 10;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 3_600_000;

/** How long the n-th lock in a run of failures lasts (n from 1): 1 min, 2, 4 … at most an hour. */
export function lockDuration(lockNumber: number): number {
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(lockNumber - 1, 30), LONGEST_LOCK_MS);
}
