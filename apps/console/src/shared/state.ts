import { computed, signal } from '@preact/signals';
import type { ProgramInfo, StaffSelf } from '@lantern/protocol';

export type Screen = 'loading' | 'setup' | 'join' | 'signin' | 'main';
export type Tab = 'conversations' | 'staff' | 'program' | 'account' | 'canned' | 'notices' | 'statistics';

/** Tokens read once from the URL fragment (never sent to the server by the browser). */
export const fragment = readFragment();

function readFragment(): { setup: string | null; invite: string | null } {
  const params = new URLSearchParams(location.hash.slice(1));
  return { setup: params.get('setup'), invite: params.get('invite') };
}

export const program = signal<ProgramInfo | null>(null);
export const me = signal<StaffSelf | null>(null);
/** True once the member holds the program key of the current epoch. */
export const granted = signal(false);
export const programFingerprint = signal<string | null>(null);
export const screen = signal<Screen>('loading');
/** A grant that failed its check after sign-in; shown until the next sign-in. */
export const keyProblem = signal<string | null>(null);
/** Why the last session ended, shown on the sign-in screen. */
export const signedOutReason = signal<string | null>(null);
/**
 * Admins: a member was deactivated but no new program key epoch followed (the rotation failed, or
 * was never made). Kept for the whole session so the warning cannot scroll out of mind.
 */
export const rotationProblem = signal<string | null>(null);
/** Admins: the fingerprint of the program key this browser just made, to read out to colleagues. */
export const rotatedFingerprint = signal<string | null>(null);

export const tab = signal<Tab>(tabFromHash());
function tabFromHash(): Tab {
  if (location.hash === '#staff') return 'staff';
  if (location.hash === '#program') return 'program';
  if (location.hash === '#canned') return 'canned';
  if (location.hash === '#notices') return 'notices';
  if (location.hash === '#account') return 'account';
  if (location.hash === '#statistics') return 'statistics';
  return 'conversations';
}
addEventListener('hashchange', () => {
  tab.value = tabFromHash();
});

export const isAdmin = computed(() => me.value?.role === 'admin');
/** Admins and supervisors: they plan who is on, from the statistics. */
export const isPlanner = computed(() => me.value?.role === 'admin' || me.value?.role === 'supervisor');

/** A clock for wait times; ticks every 15 s while signed in. */
export const now = signal(Date.now());

/** Drops the setup or invite token from the address bar and history once it is spent. */
export function clearFragment(): void {
  history.replaceState(null, '', location.pathname + location.search);
  fragment.setup = null;
  fragment.invite = null;
}
