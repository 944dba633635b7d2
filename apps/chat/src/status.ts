import { readAlternatives, type Reach } from './config';

/** Whether the program's chat line is open (`GET /api/status`, and `status` frames on the socket). */
export interface LineStatus extends Reach {
  state: 'open' | 'closed' | 'emergency';
  /** The program's own words, in one language. */
  message: string | null;
  /** The next opening, when the hours say one. */
  opensAt: Date | null;
}

const STATES = ['open', 'closed', 'emergency'];
/** A slow answer must not keep the start button away: after this, the page shows it anyway. */
const WAIT_MS = 5000;

/** A status from the server (its JSON or a frame), or null if it is not one. */
export function readStatus(raw: unknown): LineStatus | null {
  const v = raw as Record<string, unknown> | null;
  if (!v || typeof v !== 'object' || !STATES.includes(v.state as string)) return null;
  const opensAt = typeof v.opens_at === 'string' ? new Date(v.opens_at) : null;
  return {
    state: v.state as LineStatus['state'],
    message: typeof v.message === 'string' && v.message.trim() !== '' ? v.message : null,
    opensAt: opensAt && !isNaN(opensAt.getTime()) ? opensAt : null,
    alternatives: readAlternatives(v.alternatives),
    noOtherWay: typeof v.no_other_way === 'string' && v.no_other_way.trim() !== '' ? v.no_other_way : null,
  };
}

/** The status the server put in the page when it served it (no request needed); null without one. */
export function inlineStatus(doc: Document = document): LineStatus | null {
  try {
    return readStatus(JSON.parse(doc.getElementById('line-status')?.textContent ?? ''));
  } catch {
    return null;
  }
}

/**
 * Asks whether the line is open. Null when the answer does not come (network, server, timeout):
 * the page then offers the start button, and the server still refuses a start while closed.
 */
export function fetchStatus(): Promise<LineStatus | null> {
  const asked = fetch('/api/status', { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' })
    .then((response) => (response.ok ? response.json() : null))
    .then(readStatus, () => null);
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), WAIT_MS));
  return Promise.race([asked, late]);
}
