import { useEffect, useRef, useState } from 'preact/hooks';
import type { ServiceStatus } from '@lantern/protocol';
import { api } from '../shared/api';
import { acceptInvite, setUp, type Reach } from './sign-in';
import { fragment, program, screen } from '../shared/state';
import { AccountForm } from './AccountForm';
import { AlternativesEditor, checkReach, draftAlternatives, NoOtherWayField, type AlternativeDraft } from '../shared/AlternativesEditor';

export function Setup() {
  const token = fragment.setup ?? '';
  const [rows, setRows] = useState<AlternativeDraft[]>([]);
  const [noOtherWay, setNoOtherWay] = useState('');
  const [reachError, setReachError] = useState<string | null>(null);
  /** What the last check accepted, for the submission it let through. */
  const reach = useRef<Reach | null>(null);
  // What participants would see today (the ALTERNATIVES setting): the admin starts from it, not from an empty list.
  useEffect(() => {
    api<ServiceStatus>('GET', '/api/status').then(
      (status) => setRows((current) => (current.length > 0 ? current : draftAlternatives(status.alternatives))),
      () => {},
    );
  }, []);

  const valid = () => {
    const checked = checkReach(rows, noOtherWay);
    setReachError(checked.ok ? null : checked.message);
    if (!checked.ok) {
      document.getElementById(checked.focusId)?.focus();
      return false;
    }
    reach.current = { alternatives: checked.list, noOtherWay: checked.noOtherWay };
    return true;
  };

  return (
    <AccountForm
      heading="Set up Lantern"
      submitLabel="Create program"
      busyLabel="Making the program key and your key. This takes a few seconds…"
      extra={{
        valid,
        fields: (
          <section aria-labelledby="reach-heading" class="reach">
            <h2 id="reach-heading">Other ways to reach you</h2>
            <p class="hint">
              Participants who say their device is not safe to chat on are shown these, as are those who find the line closed.
              Give at least one, or say that there is none.
            </p>
            <AlternativesEditor rows={rows} onChange={setRows} disabled={false} />
            <NoOtherWayField value={noOtherWay} onValue={setNoOtherWay} disabled={false} listEmpty={rows.every((r) => !r.label.trim() && !r.value.trim())} />
            {reachError && (
              <p role="alert" class="error">
                {reachError}
              </p>
            )}
          </section>
        ),
      }}
      onSubmit={(account) => setUp(token, account, reach.current!)}
    >
      {program.value?.setupComplete && (
        <div class="note">
          <p>This Lantern is already set up. Sign in instead, or ask an admin for an invite link.</p>
          <button type="button" onClick={() => (screen.value = 'signin')}>
            Go to sign in
          </button>
        </div>
      )}
      <p>
        You will be the first admin. Your browser makes the program key, which opens every conversation, and keeps
        it sealed to your own key. Your password opens that key: the server never sees it, and no one can reset it.
      </p>
    </AccountForm>
  );
}

export function Join() {
  const token = fragment.invite ?? '';
  return (
    <AccountForm
      heading="Join Lantern"
      submitLabel="Join"
      busyLabel="Making your key. This takes a few seconds…"
      onSubmit={(account) => acceptInvite(token, account)}
    >
      <p>
        {program.value ? `You were invited to ${program.value.name}. ` : ''}Choose a password only you know: it opens your
        key, the server never sees it, and no one can reset it.
      </p>
    </AccountForm>
  );
}
