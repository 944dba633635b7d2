import type { CannedInput, CannedMessage } from '@lantern/protocol';
import { api } from '../../shared/api';
import { loadCanned } from '../../shared/canned';

/** An admin's edits to the library; the shared list is read again after each. */
export async function saveCanned(id: string | null, input: CannedInput): Promise<void> {
  if (id) await api<CannedMessage>('PUT', `/api/admin/canned/${id}`, input);
  else await api<CannedMessage>('POST', '/api/admin/canned', input);
  await loadCanned();
}

export async function removeCanned(id: string): Promise<void> {
  await api<void>('DELETE', `/api/admin/canned/${id}`);
  await loadCanned();
}
