import type { RoutingSelf } from '@lantern/protocol';

/**
 * What the header says about being handed conversations, as routing decides it: away, or inside
 * the last minutes of the shift, or after it, nothing new comes, even with the switch on.
 */
export function availabilityHint(self: RoutingSelf | null, now: number): string {
  if (!self) return 'Loading…';
  if (!self.routed) return 'Supervisors and admins answer from the queue; conversations are not handed to them.';
  if (!self.available) return 'Away: nothing is handed to you. You can still answer from the queue.';
  const ends = self.shiftEndsAt ? Date.parse(self.shiftEndsAt) : null;
  if (ends !== null && now >= ends) return 'Your shift has ended: nothing new is handed to you.';
  if (ends !== null && now >= ends - self.settings.shiftEndMarginMinutes * 60_000) {
    return 'Your shift ends soon: nothing new is handed to you. You can still answer from the queue.';
  }
  return 'Waiting conversations are handed to you, up to your limit.';
}
