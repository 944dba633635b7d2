import { describe, expect, it } from 'vitest';
import { inactivityClose, warnedByNow } from '../src/jobs/inactivity-deadline';

const at = (time: string) => new Date(`2026-12-07T${time}Z`);

/**
 * The inactivity warning names the close as a clock time, so the close falls on the minute it
 * names: never before the silence the program set, never on a time "before 1:40" makes false.
 */
describe('the inactivity close, on the minute the warning names', () => {
  it('rounds the close up to the next whole minute, and leaves a whole minute as it is', () => {
    // The case: a close due at 1:40:46 is put at 1:41:00, so "before 1:41" is exactly true.
    expect(inactivityClose(at('01:35:46'), 5)).toEqual(at('01:41:00'));
    expect(inactivityClose(at('01:35:00'), 5)).toEqual(at('01:40:00'));
    expect(inactivityClose(at('01:35:00.001'), 5)).toEqual(at('01:41:00'));
    expect(inactivityClose(at('23:59:30'), 5)).toEqual(new Date('2026-12-08T00:05:00Z'));
  });

  it('is due exactly when the named minute comes, not a millisecond before', () => {
    for (const warned of ['01:35:46', '01:35:00', '01:35:59.999']) {
      const close = inactivityClose(at(warned), 5);
      const dueAt = (now: Date) => at(warned) <= warnedByNow(now, 5);
      expect(dueAt(new Date(close.getTime() - 1)), warned).toBe(false);
      expect(dueAt(close), warned).toBe(true);
      expect(dueAt(new Date(close.getTime() + 15_000)), warned).toBe(true);
      // Never sooner than the silence the program set.
      expect(close.getTime() - at(warned).getTime()).toBeGreaterThanOrEqual(5 * 60_000);
      expect(close.getTime() - at(warned).getTime()).toBeLessThan(6 * 60_000);
    }
  });
});
