import { describe, expect, it } from 'vitest';
import type { RoutingSelf } from '@lantern/protocol';
import { availabilityHint } from '../src/conversations/availability/availability-words';

const at = Date.parse('2026-03-02T17:00:00Z');
const self = (patch: Partial<RoutingSelf>): RoutingSelf => ({
  available: true,
  shiftEndsAt: null,
  active: 0,
  routed: true,
  settings: { conversationCap: 3, shiftEndMarginMinutes: 30 },
  ...patch,
});

describe('what the header says about being handed conversations', () => {
  it('says conversations come only when routing would hand them', () => {
    expect(availabilityHint(self({}), at)).toMatch(/^Waiting conversations are handed to you/);
    expect(availabilityHint(self({ shiftEndsAt: '2026-03-02T18:00:00Z' }), at)).toMatch(/^Waiting conversations are handed to you/);
    expect(availabilityHint(self({ available: false }), at)).toMatch(/^Away/);
    expect(availabilityHint(self({ routed: false }), at)).toMatch(/not handed to them/);
  });

  it('does not promise conversations inside the shift-end window or after the shift', () => {
    expect(availabilityHint(self({ shiftEndsAt: '2026-03-02T17:20:00Z' }), at)).toMatch(/^Your shift ends soon: nothing new/);
    expect(availabilityHint(self({ shiftEndsAt: '2026-03-02T17:00:00Z' }), at)).toMatch(/^Your shift has ended: nothing new/);
    expect(availabilityHint(self({ shiftEndsAt: '2026-03-02T16:00:00Z' }), at)).toMatch(/^Your shift has ended/);
    expect(availabilityHint(self({ shiftEndsAt: '2026-03-02T17:20:00Z', settings: { conversationCap: 3, shiftEndMarginMinutes: 0 } }), at)).toMatch(/^Waiting/);
  });
});
