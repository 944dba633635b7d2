import type { AdminSettings, AuditReply, ServiceStatus, SetHours, SetStatus } from '@lantern/protocol';

export type { AuditEntry, AuditReply, AuditVerification } from '@lantern/protocol';
import { api } from '../../shared/api';
import { serviceStatus } from '../../shared/service-status';

/** The admin routes of the Program screen: the status switch, the hours, the audit log. */

export type Hours = NonNullable<SetHours['hours']>;
export type Override = SetStatus['override'];
export type Alternative = ServiceStatus['alternatives'][number];

export const loadAudit = () => api<AuditReply>('GET', '/api/admin/audit');

/** Every answer also updates the header's banner, before the server's own `status` frame arrives. */
const remember = (status: ServiceStatus) => {
  serviceStatus.value = status;
  return status;
};

export const loadStatus = async () => remember(await api<ServiceStatus>('GET', '/api/status'));
export const saveStatus = async (change: SetStatus) => remember(await api<ServiceStatus>('PUT', '/api/admin/status', change));
export const saveHours = async (hours: Hours | null) => remember(await api<ServiceStatus>('PUT', '/api/admin/hours', { hours }));

export interface ProgramSettings {
  status: ServiceStatus;
  override: Override;
  hours: Hours | null;
}

/** The public status, and the switch position and hours behind it, for the forms to start from. */
export async function loadSettings(): Promise<ProgramSettings> {
  const [status, settings] = await Promise.all([loadStatus(), api<AdminSettings>('GET', '/api/admin/settings')]);
  return { status, override: settings.override, hours: settings.hours };
}

