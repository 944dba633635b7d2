import type { Alternative } from '../config';
import { isOpen, nextOpening, type Hours } from '@lantern/protocol/hours-rule';

/** What the program has switched on: nothing (follow the hours), closed, or an emergency. */
export type StatusOverride = 'none' | 'closed' | 'emergency';
export type ServiceState = 'open' | 'closed' | 'emergency';

export interface StatusSettings {
  override: StatusOverride;
  message: string | null;
  alternatives: Alternative[];
  /** The program's words that there is no other way to reach it; null: none said. */
  noOtherWay: string | null;
  /** Null: open at all hours. */
  hours: Hours | null;
}

/** The answer of `GET /api/status`, for the participant page and the program's own website. */
export interface PublicStatus {
  state: ServiceState;
  message: string | null;
  opens_at: string | null;
  alternatives: Alternative[];
  /** Shown in place of the list, so only while the list is empty. */
  no_other_way: string | null;
}

export function publicStatus(settings: StatusSettings, now: Date): PublicStatus {
  const base = {
    message: settings.message,
    alternatives: settings.alternatives,
    no_other_way: settings.alternatives.length === 0 ? settings.noOtherWay : null,
  };
  if (settings.override !== 'none') return { state: settings.override, opens_at: null, ...base };
  if (!settings.hours || isOpen(settings.hours, now)) return { state: 'open', opens_at: null, ...base };
  return { state: 'closed', opens_at: nextOpening(settings.hours, now)?.toISOString() ?? null, ...base };
}
