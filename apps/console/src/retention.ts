import type { RetentionReply } from '@lantern/protocol';
import { api } from './api';

export type { RetentionReply } from '@lantern/protocol';

/** The server's limit (RETENTION_MAX_DAYS in the protocol), repeated so the page does not bundle the schemas. */
export const RETENTION_MAX_DAYS = 365;

/** Admins: how long a closed conversation's ciphertext is kept. */
export const loadRetention = () => api<RetentionReply>('GET', '/api/admin/retention');
export const saveRetention = (days: number) => api<RetentionReply>('PUT', '/api/admin/retention', { days });

/** What a number of days means, in plain words, next to the field. */
export function retentionMeaning(days: number): string {
  if (days === 0) {
    return 'When a conversation ends, its messages are deleted at once. Nothing is left to read later, by anyone: only the hourly counts on the Statistics screen remain.';
  }
  const span = days === 1 ? '1 day' : `${days} days`;
  return `When a conversation ends, its messages are kept for ${span}, still encrypted, then deleted. No one can open an ended conversation in the console; the copy only sits in the database, where anyone holding the program key and a copy of the database could read it. NNEDV advises keeping no history of conversations (0).`;
}
