import { signal } from '@preact/signals';

export type AdminScreens = typeof import('../admin/index');

/** The admin screens once their chunk has loaded; null before (and for anyone who never needs them). */
export const adminScreens = signal<AdminScreens | null>(null);
/** Why the chunk did not load (offline, or its bytes failed their integrity check); a later call tries again. */
export const adminLoadProblem = signal<string | null>(null);

let loading: Promise<AdminScreens> | null = null;

/** Fetches the admin chunk the first time an admin, or a supervisor opening Statistics, needs it. */
export function loadAdminScreens(): Promise<AdminScreens> {
  loading ??= import('../admin/index').then(
    (screens) => {
      adminLoadProblem.value = null;
      adminScreens.value = screens;
      return screens;
    },
    (error: unknown) => {
      loading = null;
      adminLoadProblem.value = 'The admin screens could not be loaded. Check the connection, then reload the page.';
      throw error;
    },
  );
  return loading;
}
