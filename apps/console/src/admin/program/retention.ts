import type { RetentionReply } from '@lantern/protocol';
import { api } from '../../shared/api';

export type { RetentionReply } from '@lantern/protocol';

/** The server's limit (RETENTION_MAX_DAYS in the protocol), repeated so the page does not bundle the schemas. */
export const RETENTION_MAX_DAYS = 365;

/** Admins: how long a closed conversation's ciphertext is kept. */
export const loadRetention = () => api<RetentionReply>('GET', '/api/admin/retention');
export const saveRetention = (days: number) => api<RetentionReply>('PUT', '/api/admin/retention', { days });

/** What a number of days means, in plain words, next to the field. */
export function retentionMeaning(days: number): string {
  if (days === 0) {
    return 'When a conversation ends, no one can read it again: its key existed only in the browsers that took part, and it is gone. Its copies are deleted too. Only the hourly counts on the Statistics screen remain.';
  }
  const span = days === 1 ? '1 day' : `${days} days`;
  return `An escrow: the advocate’s browser leaves each conversation’s key sealed to the program key, so for ${span} after it ends, anyone holding the program key and a copy of the database (or a backup of it) can read it; then it is deleted. The console never shows an ended conversation. Every change of this setting is in the audit log. NNEDV advises keeping no history of conversations (0).`;
}
