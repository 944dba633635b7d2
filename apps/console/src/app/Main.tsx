import { useEffect } from 'preact/hooks';
import { mine, unreadOf, waiting } from '../conversations/conversations';
import { roleLabel } from '../shared/format';
import { watchForAlerts } from '../conversations/notifications';
import { checkRotation } from '../admin/staff/rotation';
import { signOut } from '../shared/session';
import { connection } from '../shared/socket';
import { ownPublicKey } from '../shared/keys';
import { granted, isAdmin, isPlanner, keyProblem, me, program, programFingerprint, tab } from '../shared/state';
import { Account } from '../account/Account';
import { Availability } from '../conversations/availability/Availability';
import { Fingerprint, ScreenHeading } from '../shared/common';
import { Handoff } from '../conversations/transfer/Handoff';
import { CannedLibrary } from '../admin/canned/CannedLibrary';
import { Conversations } from '../conversations/list/Conversations';
import { RotationStatus, RotationWarning } from '../admin/staff/KeyRotation';
import { Notices } from '../admin/notices/Notices';
import { Program } from '../admin/program/Program';
import { ServiceBanner } from './ServiceBanner';
import { Staff } from '../admin/staff/Staff';
import { Statistics } from '../admin/statistics/Statistics';

const connectionText = {
  offline: 'Offline',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
} as const;

/** Counts in the tab title reach someone working in another tab; they say nothing about content. */
function useTitleCounts(): void {
  const count = waiting.value.length + mine.value.reduce((n, c) => n + unreadOf(c.id), 0);
  const name = program.value?.name ?? 'Lantern';
  useEffect(() => {
    document.title = `${count > 0 ? `(${count}) ` : ''}${name} · staff`;
    return () => {
      document.title = 'Lantern staff';
    };
  }, [count, name]);
}

export function Main() {
  useTitleCounts();
  useEffect(() => watchForAlerts(), []);
  // After a reload, or for another admin: a deactivation that no new program key followed.
  useEffect(() => {
    if (isAdmin.value) void checkRotation();
  }, []);
  const self = me.value;
  if (!self) return null;
  // Admin screens; anyone else, or an unknown hash, lands on the conversations.
  const screenTab = isAdmin.value || tab.value === 'account' || (tab.value === 'statistics' && isPlanner.value) ? tab.value : 'conversations';
  return (
    // The Conversations screen fills the window exactly, so the log and the composer stay on screen together.
    <div class={granted.value && screenTab === 'conversations' ? 'shell fit' : 'shell'}>
      <header class="top">
        <p class="brand">{program.value?.name ?? 'Lantern'}</p>
        <p class="program-key">
          Program key fingerprint <code class="fingerprint">{programFingerprint.value ?? 'none yet'}</code>
        </p>
        <p class="who">
          {self.displayName} <span class="role">{roleLabel(self.role)}</span>
        </p>
        <p role="status" class={`connection ${connection.value}`}>
          {connectionText[connection.value]}
        </p>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
        {granted.value && (
          <div class="shift-bar">
            <Availability />
            <Handoff />
          </div>
        )}
        <ServiceBanner />
        {keyProblem.value && (
          <p role="alert" class="error banner">
            {keyProblem.value} Do not use this console until an admin has checked the program key.
          </p>
        )}
        {isAdmin.value && (
          <>
            <RotationWarning />
            <RotationStatus />
          </>
        )}
      </header>
      {granted.value ? (
        <>
          <nav aria-label="Main" class="tabs">
            <a href="#conversations" aria-current={screenTab === 'conversations' ? 'page' : undefined}>
              Conversations
            </a>
            {isAdmin.value && (
              <>
                <a href="#staff" aria-current={screenTab === 'staff' ? 'page' : undefined}>
                  Staff
                </a>
                <a href="#program" aria-current={screenTab === 'program' ? 'page' : undefined}>
                  Program
                </a>
                <a href="#canned" aria-current={screenTab === 'canned' ? 'page' : undefined}>
                  Canned messages
                </a>
                <a href="#notices" aria-current={screenTab === 'notices' ? 'page' : undefined}>
                  Notices
                </a>
              </>
            )}
            {isPlanner.value && (
              <a href="#statistics" aria-current={screenTab === 'statistics' ? 'page' : undefined}>
                Statistics
              </a>
            )}
            <a href="#account" aria-current={screenTab === 'account' ? 'page' : undefined}>
              Account
            </a>
          </nav>
          <main>{screenTab === 'staff' ? <Staff /> : screenTab === 'program' ? <Program /> : screenTab === 'canned' ? <CannedLibrary /> : screenTab === 'notices' ? <Notices /> : screenTab === 'account' ? <Account /> : screenTab === 'statistics' ? <Statistics /> : <Conversations />}</main>
        </>
      ) : (
        <main class="narrow">
          <ScreenHeading>Waiting for an admin to grant you access to the program key</ScreenHeading>
          <p>
            An admin must seal the program key to your own key before you can open conversations. Read this
            fingerprint out to them, in person or on a call, so they can check that the key they grant to is yours:
          </p>
          <p class="big-fingerprint">
            Your key fingerprint <Fingerprint publicKey={ownPublicKey.value ?? ''} />
          </p>
          <p class="hint">This page carries on by itself once access is granted.</p>
        </main>
      )}
    </div>
  );
}
