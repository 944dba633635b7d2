import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { actionLabel, detailText } from '../../apps/console/src/admin/audit/audit-words';
import type { ChatMessage, ConversationNotice } from '../../apps/console/src/conversations/conversations';
import { WEEKDAYS, draftFromHours, hoursFromDraft, newRange, type HoursDraft } from '../../apps/console/src/admin/program/hours-draft';
import type { AuditEntry, Hours } from '../../apps/console/src/admin/program/program';
import { timeline } from '../../apps/console/src/conversations/timeline';

/**
 * The console's pure pieces behind the Program screen and the conversation log, without a browser:
 * the hours form's model (24:00, overlaps, round trips), the audit log's words for any detail a
 * database may hold, and where a notice lands among messages.
 */
const label = (ymd: string) => ymd;

describe('hours draft', () => {
  const clock = (minutes: number) => (minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
  /** Up to 6 ranges a day, earliest first, not overlapping, possibly ending at midnight. */
  const day = fc
    .uniqueArray(fc.integer({ min: 0, max: 288 }), { maxLength: 12 })
    .map((ticks) => {
      const sorted = [...ticks].sort((a, b) => a - b).map((t) => t * 5);
      const ranges: [string, string][] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push([clock(sorted[i]!), clock(sorted[i + 1]!)]);
      return ranges;
    });
  const hours: fc.Arbitrary<Hours> = fc.record({
    timeZone: fc.constantFrom('America/Toronto', 'Europe/Paris', 'UTC'),
    weekly: fc.record(Object.fromEntries(WEEKDAYS.map(([d]) => [d, day])) as Record<(typeof WEEKDAYS)[number][0], typeof day>).map((weekly) =>
      Object.fromEntries(Object.entries(weekly).filter(([, ranges]) => ranges.length > 0)),
    ),
    exceptions: fc.dictionary(
      fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      day,
      { maxKeys: 5 },
    ),
  });

  it('round-trips any valid hours through the form unchanged', () => {
    fc.assert(
      fc.property(hours, (h) => {
        const checked = hoursFromDraft(draftFromHours(h, 'UTC'), label);
        expect(checked).toEqual({ ok: true, hours: h });
      }),
    );
  });

  it('shows 24:00 as 00:00 and sends 00:00 back as 24:00', () => {
    const draft = draftFromHours({ timeZone: 'UTC', weekly: { sat: [['10:00', '24:00']] }, exceptions: {} }, 'UTC');
    expect(draft.weekly.sat.map((r) => [r.from, r.to])).toEqual([['10:00', '00:00']]);
    expect(hoursFromDraft(draft, label)).toEqual({ ok: true, hours: { timeZone: 'UTC', weekly: { sat: [['10:00', '24:00']] }, exceptions: {} } });
  });

  it('is open at all hours for null, and starts from the browser zone when nothing is known', () => {
    expect(draftFromHours(null, 'Europe/Paris')).toMatchObject({ alwaysOpen: true, timeZone: 'Europe/Paris' });
    expect(draftFromHours(undefined, 'Europe/Paris')).toMatchObject({ alwaysOpen: false, timeZone: 'Europe/Paris', exceptions: [] });
    expect(hoursFromDraft(draftFromHours(null, 'UTC'), label)).toEqual({ ok: true, hours: null });
  });

  const blank = (): HoursDraft => draftFromHours({ timeZone: 'UTC', weekly: {}, exceptions: {} }, 'UTC');

  it('sorts a day, and refuses backwards, overlapping and missing times, naming the field', () => {
    const draft = blank();
    const late = newRange('13:00', '17:00');
    const early = newRange('09:00', '12:00');
    draft.weekly.tue = [late, early];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: true, hours: { weekly: { tue: [['09:00', '12:00'], ['13:00', '17:00']] } } });

    const backwards = newRange('18:00', '08:00');
    draft.weekly.wed = [backwards];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, message: expect.stringMatching(/^Wednesday: 18:00 to 08:00 ends before it starts/), focusId: `range-${backwards.id}-to` });

    const overlapping = newRange('11:00', '14:00');
    draft.weekly.wed = [newRange('09:00', '12:00'), overlapping];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, message: 'Wednesday: 09:00–12:00 and 11:00–14:00 overlap.', focusId: `range-${overlapping.id}-from` });

    const empty = newRange('', '17:00');
    draft.weekly.wed = [empty];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, focusId: `range-${empty.id}-from` });

    draft.weekly.wed = Array.from({ length: 7 }, (_, i) => newRange(`0${i}:00`, `0${i}:30`));
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, message: 'Wednesday: at most 6 ranges.' });
  });

  it('needs a date for each exception, once, and hours unless closed all day', () => {
    const draft = blank();
    draft.exceptions = [{ id: 9001, date: '', closed: true, ranges: [] }];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, focusId: 'exception-9001-date' });
    draft.exceptions = [
      { id: 9002, date: '2026-12-25', closed: true, ranges: [] },
      { id: 9003, date: '2026-12-25', closed: true, ranges: [] },
    ];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, message: '2026-12-25 is listed twice.', focusId: 'exception-9003-date' });
    draft.exceptions = [{ id: 9004, date: '2026-12-26', closed: false, ranges: [] }];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: false, message: '2026-12-26: add its hours, or mark it closed all day.' });
    draft.exceptions = [{ id: 9005, date: '2026-12-26', closed: true, ranges: [newRange()] }];
    expect(hoursFromDraft(draft, label)).toMatchObject({ ok: true, hours: { exceptions: { '2026-12-26': [] } } });
  });

  it('drops malformed stored ranges instead of failing', () => {
    const stored = { timeZone: 'UTC', weekly: { mon: [['9', '17:00'], ['09:00', '17:00'], 'x'] }, exceptions: { 'not-a-date': [], '2026-01-01': 5 } } as unknown as Hours;
    const draft = draftFromHours(stored, 'UTC');
    expect(draft.weekly.mon.map((r) => [r.from, r.to])).toEqual([['09:00', '17:00']]);
    expect(draft.exceptions.map((x) => [x.date, x.closed])).toEqual([['2026-01-01', true]]);
  });
});

describe('audit words', () => {
  const entry = (action: string, detail: Record<string, unknown>, actorId: string | null = 'a'): AuditEntry => ({ seq: 1, at: '2026-01-01T00:00:00Z', actorId, action, detail, hash: '' });
  const names = (id: string) => ({ a: 'Ada Admin', b: 'Avery' })[id] ?? 'a former member';

  it('says what happened in plain words', () => {
    expect(actionLabel('staff.sign_in')).toBe('Signed in');
    expect(actionLabel('key.rotated')).toBe('Made a new program key');
    expect(actionLabel('something.new')).toBe('something.new');
    expect(detailText(entry('key.granted', { to: 'b', epoch: 2 }), names)).toBe('To Avery, epoch 2');
    expect(detailText(entry('staff.deactivated', { member: 'b' }), names)).toBe('Avery');
    expect(detailText(entry('status.changed', { override: 'emergency', message: 'Down.' }), names)).toBe('Emergency: service interrupted: “Down.”');
    expect(detailText(entry('hours.changed', { hours: null }), names)).toBe('Open at all hours');
    expect(detailText(entry('conversation.answered', { channel: 'sms' }), names)).toBe('Text message');
    expect(detailText(entry('staff.sign_out', {}), names)).toBe('');
  });

  it('never throws on whatever a tampered row holds, and shows it as it is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...['program.setup', 'staff.invited', 'staff.joined', 'key.granted', 'key.rotated', 'status.changed', 'hours.changed', 'x']), fc.dictionary(fc.string(), fc.jsonValue()), (action, detail) => {
        const text = detailText(entry(action, detail), names);
        expect(typeof text).toBe('string');
      }),
    );
    expect(detailText(entry('staff.sign_in', { x: 1 }), names)).toBe('{"x":1}');
  });
});

describe('timeline', () => {
  const message = (seq: number | null, clientId = `c${seq}`): ChatMessage => ({ clientId, seq, sender: 'participant', mine: false, text: 't', sentAt: '', state: seq === null ? 'sending' : 'sent' });
  const notice = (afterSeq: number): ConversationNotice => ({ notice: 'inactivity_warning', closesAt: `t${afterSeq}`, afterSeq });
  const kinds = (items: ReturnType<typeof timeline>) => items.map((i) => (i.kind === 'message' ? `m${i.message.seq ?? '?'}` : `n${i.notice.afterSeq}`));

  it('puts each notice after the message it followed, and sending messages last', () => {
    expect(kinds(timeline([message(1), message(2), message(3)], [notice(2)]))).toEqual(['m1', 'm2', 'n2', 'm3']);
    expect(kinds(timeline([message(1)], [notice(0)]))).toEqual(['n0', 'm1']);
    expect(kinds(timeline([message(1), message(5)], [notice(3)]))).toEqual(['m1', 'n3', 'm5']);
    expect(kinds(timeline([message(1), message(null)], [notice(1)]))).toEqual(['m1', 'n1', 'm?']);
    expect(kinds(timeline([], [notice(0)]))).toEqual(['n0']);
  });
});
