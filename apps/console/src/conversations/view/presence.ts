import { signal } from '@preact/signals';
import type { ServerFrame } from '@lantern/protocol';

type PresenceFrame = Extract<ServerFrame, { type: 'presence' }>;
export interface Presence {
  present: boolean;
  since: string;
  graceSeconds: number;
}

/** Whether each open conversation's participant still has their page open, as the server last said. */
export const presence = signal<ReadonlyMap<string, Presence>>(new Map());

export function onPresence(frame: PresenceFrame): void {
  const next = new Map(presence.value);
  next.set(frame.conversationId, { present: frame.present, since: frame.since, graceSeconds: frame.graceSeconds });
  presence.value = next;
}

export function forgetPresence(conversationId: string): void {
  if (!presence.value.has(conversationId)) return;
  const next = new Map(presence.value);
  next.delete(conversationId);
  presence.value = next;
}

export function clearPresence(): void {
  presence.value = new Map();
}

/**
 * Whether the participant's page is gone, and whether the grace has run out, at `now`. A message
 * from them after the page closed proves them back (it may have come through another node).
 */
export function absence(state: Presence | undefined, lastFromThem: string | null, now: number): { since: string; offerEnd: boolean } | null {
  if (!state || state.present) return null;
  if (lastFromThem && Date.parse(lastFromThem) >= Date.parse(state.since)) return null;
  return { since: state.since, offerEnd: now - Date.parse(state.since) >= state.graceSeconds * 1000 };
}
