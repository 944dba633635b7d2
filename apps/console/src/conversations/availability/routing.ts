import type { RoutingSelf } from '@lantern/protocol';
import { api } from '../../shared/api';
import { routingSelf } from '../../shared/routing-self';

/* This member's availability and shift end, kept in the header's routing state (shared/routing-self.ts). */

export async function loadRouting(): Promise<void> {
  routingSelf.value = await api<RoutingSelf>('GET', '/api/staff/routing');
}

/** What this page chose: the server makes a member away when their console's last socket closes. */
let wantsAvailable = false;

export async function setAvailable(available: boolean): Promise<void> {
  wantsAvailable = available;
  routingSelf.value = await api<RoutingSelf>('PUT', '/api/staff/availability', { available });
}

/** After a reconnect (and once a minute): the header catches up, and a page that chose available says so again. */
export async function afterReconnect(): Promise<void> {
  await loadRouting();
  if (wantsAvailable && routingSelf.value?.available === false) await setAvailable(true);
}

export function forgetAvailability(): void {
  wantsAvailable = false;
}

/** `hhmm` is the advocate's local wall-clock time; null clears the shift end. */
export async function setShiftEnd(hhmm: string | null): Promise<void> {
  const shiftEndsAt = hhmm ? nextOccurrence(hhmm, new Date()).toISOString() : null;
  routingSelf.value = await api<RoutingSelf>('PUT', '/api/staff/shift', { shiftEndsAt });
}

/** The next time the local clock reads `hhmm`: today, or tomorrow if that has passed (a night shift). */
export function nextOccurrence(hhmm: string, now: Date): Date {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

/** An instant as the local "HH:MM" a time input shows. */
export function localClock(iso: string): string {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}
