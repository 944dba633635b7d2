import { signal } from '@preact/signals';
import type { ServiceStatus } from '@lantern/protocol';
import { api } from './api';

/**
 * Whether the line is open, as participants see it. Every staff member needs to know at once when
 * it is closed or in an emergency: the server pushes a `status` frame on every change.
 */
export const serviceStatus = signal<ServiceStatus | null>(null);

/** The state at sign-in; frames keep it current afterwards. A failure leaves it unknown (no banner). */
export async function loadServiceStatus(): Promise<void> {
  try {
    serviceStatus.value = await api<ServiceStatus>('GET', '/api/status');
  } catch {
    serviceStatus.value = null;
  }
}

export function onStatus(status: ServiceStatus): void {
  serviceStatus.value = { state: status.state, message: status.message, opens_at: status.opens_at, alternatives: status.alternatives };
}

export function clearServiceStatus(): void {
  serviceStatus.value = null;
}

export const stateLabel = (state: ServiceStatus['state']) =>
  ({ open: 'Open', closed: 'Line closed', emergency: 'Emergency: service interrupted' })[state];
