import { describe, expect, it } from 'vitest';
import { calendarDay, localHour } from '../src/statistics/calendar';
import { countersFor, hourOf, waitBand } from '../src/statistics/counters';
import { statisticsCsv } from '../src/statistics/csv';
import { suppressed, withheldMean } from '../src/statistics/suppress';
import { totalsOf } from '../src/statistics/report';

const at = (iso: string) => new Date(iso);

describe('statistics counters', () => {
  it('counts an answered conversation with its wait, its band and its time with an advocate', () => {
    const c = countersFor({ created_at: at('2026-03-03T10:05:00Z'), answered_at: at('2026-03-03T10:06:30Z'), outbound: false }, at('2026-03-03T10:20:00Z'));
    expect(c).toMatchObject({ started: 1, answered: 1, abandoned: 0, outbound: 0, wait_seconds: 90, answered_seconds: 810, abandoned_seconds: 0, duration_seconds: 900, waited_1_to_5m: 1 });
    expect(c.waited_under_1m + c.waited_5_to_15m + c.waited_15_to_30m + c.waited_30m_plus).toBe(0);
  });

  it('counts one closed before anyone answered as abandoned, with how long they waited', () => {
    const c = countersFor({ created_at: at('2026-03-03T10:05:00Z'), answered_at: null, outbound: false }, at('2026-03-03T10:09:00Z'));
    expect(c).toMatchObject({ started: 1, answered: 0, abandoned: 1, wait_seconds: 0, abandoned_seconds: 240, answered_seconds: 0, waited_under_1m: 0 });
  });

  it('counts a text an advocate started apart: no demand, no wait', () => {
    const c = countersFor({ created_at: at('2026-03-03T10:05:00Z'), answered_at: at('2026-03-03T10:05:00Z'), outbound: true }, at('2026-03-03T11:00:00Z'));
    expect(Object.entries(c).filter(([, n]) => n !== 0)).toEqual([['outbound', 1]]);
  });

  it('puts waits in bands at their edges, and an answer stamped before the start (clock skew) at zero', () => {
    expect([0, 59, 60, 299, 300, 899, 900, 1799, 1800, 86_400].map(waitBand)).toEqual([
      'under_1m',
      'under_1m',
      '1_to_5m',
      '1_to_5m',
      '5_to_15m',
      '5_to_15m',
      '15_to_30m',
      '15_to_30m',
      '30m_plus',
      '30m_plus',
    ]);
    const skewed = countersFor({ created_at: at('2026-03-03T10:05:00Z'), answered_at: at('2026-03-03T10:04:00Z'), outbound: false }, at('2026-03-03T10:10:00Z'));
    expect(skewed).toMatchObject({ wait_seconds: 0, waited_under_1m: 1 });
    expect(hourOf(at('2026-03-03T10:59:59.999Z')).toISOString()).toBe('2026-03-03T10:00:00.000Z');
  });
});

describe('statistics suppression', () => {
  it('sends 1 to 4 as "<5" and withholds a mean of fewer than 5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 120].map(suppressed)).toEqual([0, '<5', '<5', '<5', '<5', 5, 6, 120]);
    expect(withheldMean(400, 4)).toBeNull();
    expect(withheldMean(401, 5)).toBe(80);
    expect(withheldMean(0, 0)).toBeNull();
  });

  it('names the median and 90th percentile bands only from 5 waits up', () => {
    const base = countersFor({ created_at: at('2026-03-03T10:00:00Z'), answered_at: null, outbound: false }, at('2026-03-03T10:00:00Z'));
    const four = { ...base, answered: 4, waited_under_1m: 4 };
    expect(totalsOf(four)).toMatchObject({ answered: '<5', medianWait: null, p90Wait: null, meanWaitSeconds: null });
    const ten = { ...base, answered: 10, wait_seconds: 3000, waited_under_1m: 5, waited_5_to_15m: 4, waited_30m_plus: 1 };
    expect(totalsOf(ten)).toMatchObject({ answered: 10, medianWait: 'under_1m', p90Wait: '5_to_15m', meanWaitSeconds: 300, waitBands: { under_1m: 5, '5_to_15m': '<5', '30m_plus': '<5' } });
  });

  it('writes no raw small count into the CSV', () => {
    const base = countersFor({ created_at: at('2026-03-03T10:00:00Z'), answered_at: null, outbound: false }, at('2026-03-03T10:00:00Z'));
    const totals = totalsOf({ ...base, started: 3, answered: 2, abandoned: 1, wait_seconds: 100, waited_under_1m: 2 });
    const grid = Array.from({ length: 7 }, () => new Array(24).fill(0));
    grid[1]![10] = suppressed(3);
    const csv = statisticsCsv({ from: '2026-03-03', to: '2026-03-03', timeZone: 'UTC', total: totals, byChannel: { web: totals, sms: totalsOf(base) }, hourOfWeek: grid, byDay: [{ date: '2026-03-03', started: '<5', answered: '<5', abandoned: '<5' }] });
    const values = csv.trim().split('\r\n').slice(4).map((line) => line.split(',').at(-1));
    expect(values.filter((v) => /^[1-4]$/.test(v!))).toEqual([]);
    expect(csv).toContain('hour_of_week,Tue 10:00,started,<5\r\n');
    expect(csv).toContain('total,all,mean_wait_seconds,\r\n');
  });
});

describe('statistics calendar', () => {
  it('refuses dates that are not on the calendar', () => {
    expect(calendarDay('2026-02-28')).toBe(Date.UTC(2026, 1, 28));
    expect(calendarDay('2026-02-29')).toBeNull();
    expect(calendarDay('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(calendarDay('2026-13-01')).toBeNull();
    expect(calendarDay('26-01-01')).toBeNull();
  });

  it('places an hour on the program calendar, Monday first, across daylight saving', () => {
    expect(localHour(at('2026-03-03T02:30:00Z'), 'America/Toronto')).toEqual({ date: '2026-03-02', weekday: 0, hour: 21 });
    // 8 March 2026: clocks go forward at 02:00 in Toronto.
    expect(localHour(at('2026-03-08T07:00:00Z'), 'America/Toronto')).toEqual({ date: '2026-03-08', weekday: 6, hour: 3 });
    expect(localHour(at('2026-03-08T23:00:00Z'), 'UTC')).toEqual({ date: '2026-03-08', weekday: 6, hour: 23 });
  });
});
