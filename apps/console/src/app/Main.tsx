import { useEffect } from 'preact/hooks';
import { adminLoadProblem, adminScreens, loadAdminScreens } from './admin-chunk';
import { mine, unreadOf, waiting } from '../conversations/conversations';
import { roleLabel } from '../shared/format';
import { watchForAlerts } from '../conversations/notifications';
import { signOut } from '../shared/session';
import { connection } from '../shared/socket';
import { ownPublicKey } from '../shared/keys';
import { granted, isAdmin, isPlanner, keyProblem, me, program, programFingerprint, tab, type Tab } from '../shared/state';
import { Account } from '../account/Account';
import { Availability } from '../conversations/availability/Availability';
import { Fingerprint, ScreenHeading } from '../shared/common';
import { Handoff } from '../conversations/transfer/Handoff';
import { Conversations } from '../conversations/list/Conversations';
import { ServiceBanner } from './ServiceBanner';

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
    if (isAdmin.value) void loadAdminScreens().then((admin) => admin.checkRotation(), () => undefined);
  }, []);
  const self = me.value;
  const admin = adminScreens.value;
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
        {isAdmin.value && admin && (
          <>
            <admin.RotationWarning />
            <admin.RotationStatus />
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
          <main>{screenTab === 'account' ? <Account /> : screenTab === 'conversations' ? <Conversations /> : <AdminScreen tab={screenTab} />}</main>
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

/** An admin screen (Statistics: a supervisor's too), from the admin chunk, fetched on first need. */
function AdminScreen({ tab }: { tab: Exclude<Tab, 'account' | 'conversations'> }) {
  const admin = adminScreens.value;
  useEffect(() => {
    void loadAdminScreens().catch(() => undefined);
  }, []);
  if (!admin) {
    const problem = adminLoadProblem.value;
    return problem ? (
      <p role="alert" class="error">
        {problem}
      </p>
    ) : (
      <p role="status">Loading…</p>
    );
  }
  if (tab === 'staff') return <admin.Staff />;
  if (tab === 'program') return <admin.Program />;
  if (tab === 'canned') return <admin.CannedLibrary />;
  if (tab === 'notices') return <admin.Notices />;
  return <admin.Statistics />;
}
