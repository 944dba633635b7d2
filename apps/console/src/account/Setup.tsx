import { acceptInvite, setUp } from './sign-in';
import { fragment, program, screen } from '../shared/state';
import { AccountForm } from './AccountForm';

export function Setup() {
  const token = fragment.setup ?? '';
  return (
    <AccountForm
      heading="Set up Lantern"
      submitLabel="Create program"
      busyLabel="Making the program key and your key. This takes a few seconds…"
      onSubmit={(account) => setUp(token, account)}
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
