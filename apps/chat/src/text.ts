import { MAX_MESSAGE_GRAPHEMES } from '@lantern/protocol/limits';

let segmenter: Intl.Segmenter | null | undefined;

/** Characters as a reader sees them; code points where Intl.Segmenter is missing (older Firefox). */
export function graphemeCount(text: string): number {
  if (segmenter === undefined) segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter() : null;
  if (!segmenter) return Array.from(text).length;
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}

export type Prepared = { ok: true; text: string } | { ok: false; reason: 'empty' | 'long' };

/** NFC so the same words always encrypt and compare the same; outer blank lines dropped. */
export function prepareText(value: string): Prepared {
  const text = value.normalize('NFC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (graphemeCount(text) > MAX_MESSAGE_GRAPHEMES) return { ok: false, reason: 'long' };
  return { ok: true, text };
}

/** A v4 UUID; built by hand where crypto.randomUUID is missing (Safari before 15.4). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => (x < 16 ? '0' : '') + x.toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
