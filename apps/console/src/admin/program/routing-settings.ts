import type { RoutingSettings } from '@lantern/protocol';
import { api } from '../../shared/api';
import { routingSelf } from '../../shared/routing-self';

/** Saves the program's routing settings; the header's copy follows at once. */
export async function saveRoutingSettings(settings: RoutingSettings): Promise<RoutingSettings> {
  const saved = await api<RoutingSettings>('PUT', '/api/admin/routing', settings);
  if (routingSelf.value) routingSelf.value = { ...routingSelf.value, settings: saved };
  return saved;
}
