import { describe, expect, it } from 'vitest';
import { localClock, nextOccurrence } from '../src/conversations/availability/routing';

/** "Shift ends at HH:MM" is the advocate's local clock: today if it is still ahead, tomorrow after a night shift's midnight. */
describe('shift end from a local clock time', () => {
  const at = (hours: number, minutes: number) => new Date(2026, 2, 14, hours, minutes, 30);

  it('takes today when the time is still ahead', () => {
    const end = nextOccurrence('17:30', at(9, 15));
    expect([end.getDate(), end.getHours(), end.getMinutes(), end.getSeconds()]).toEqual([14, 17, 30, 0]);
  });

  it('takes tomorrow when the time has passed or is now', () => {
    expect(nextOccurrence('02:00', at(22, 0)).getDate()).toBe(15);
    const now = new Date(2026, 2, 14, 17, 30, 0);
    expect(nextOccurrence('17:30', now).getDate()).toBe(15);
  });

  it('reads an instant back as the local clock time a time field shows', () => {
    expect(localClock(nextOccurrence('08:05', at(7, 0)).toISOString())).toBe('08:05');
    expect(localClock(nextOccurrence('00:00', at(23, 59)).toISOString())).toBe('00:00');
  });
});
