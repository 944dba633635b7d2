import { signal } from '@preact/signals';
import type { InviteCreated, PendingInvite, PendingInvites, Role } from '@lantern/protocol';
import { api } from '../../shared/api';

/** Invite links made and not yet used; re-read after one is made or withdrawn. */
export const pendingInvites = signal<PendingInvite[] | null>(null);

export async function loadInvites(): Promise<void> {
  pendingInvites.value = (await api<PendingInvites>('GET', '/api/staff/invites')).invites;
}

export async function revokeInvite(id: string): Promise<void> {
  await api<void>('DELETE', `/api/staff/invites/${encodeURIComponent(id)}`);
  await loadInvites();
}

export const createInvite = (role: Role) => api<InviteCreated>('POST', '/api/staff/invites', { role });
