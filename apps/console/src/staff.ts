import type { StaffList } from '@lantern/protocol';
import { api } from './api';
import { grantTo } from './keys';

export const listMembers = () => api<StaffList>('GET', '/api/staff/members');

/** Seals the program key to the member in this browser; the server only stores the result. */
export async function grantAccess(memberId: string, memberPublicKey: string, epoch: number): Promise<void> {
  const sealed = await grantTo(memberPublicKey, epoch);
  await api<void>('POST', `/api/staff/members/${encodeURIComponent(memberId)}/grants`, { epoch, sealed });
}
