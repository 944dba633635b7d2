import { SMALL_COUNT, type SuppressedCount } from '@lantern/protocol';

/** A count as it may leave the server: 1 to 4 become "<5", so a small number cannot point at a person. */
export function suppressed(count: number): SuppressedCount {
  return count > 0 && count < SMALL_COUNT ? '<5' : count;
}

/** A mean in whole seconds, withheld (null) when fewer than 5 conversations are behind it. */
export function withheldMean(totalSeconds: number, conversations: number): number | null {
  return conversations < SMALL_COUNT ? null : Math.round(totalSeconds / conversations);
}
