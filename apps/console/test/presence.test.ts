import { describe, expect, it } from 'vitest';
import { absence } from '../src/conversations/view/presence';

const since = '2026-03-02T17:00:00.000Z';
const at = (seconds: number) => Date.parse(since) + seconds * 1000;

describe('a participant whose page closed', () => {
  it('is shown gone, and the end is offered once the grace has passed', () => {
    const gone = { present: false, since, graceSeconds: 120 };
    expect(absence(gone, null, at(40))).toEqual({ since, offerEnd: false });
    expect(absence(gone, null, at(120))).toEqual({ since, offerEnd: true });
  });

  it('is back once the page is, or once they write after it closed', () => {
    expect(absence({ present: true, since, graceSeconds: 120 }, null, at(400))).toBeNull();
    expect(absence({ present: false, since, graceSeconds: 120 }, '2026-03-02T17:00:30.000Z', at(400))).toBeNull();
    expect(absence({ present: false, since, graceSeconds: 120 }, '2026-03-02T16:59:00.000Z', at(400))).toEqual({ since, offerEnd: true });
    expect(absence(undefined, null, at(400))).toBeNull();
  });
});
