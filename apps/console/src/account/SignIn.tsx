import { useState } from 'preact/hooks';
import { ApiError } from '../shared/api';
import { dateTimeLabel } from '../shared/format';
import { signIn } from './sign-in';
import { program, signedOutReason } from '../shared/state';
import { cleanCode, newTotpSecret } from './two-factor';
import { describeError, ScreenHeading } from '../shared/common';
import { CodeField, Submission, TextField } from '../shared/Form';
import { TotpEnrolment } from './TotpEnrolment';

/** The server's 423 says when the lock ends (LockedReply). */
function lockedUntil(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 423) return null;
  const until = error.reply.until;
  return typeof until === 'string' && !Number.isNaN(Date.parse(until)) ? dateTimeLabel(until) : 'later';
}

export function SignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Set when the server asks an account made before two-factor to enrol as it signs in.
  const [enrolSecret, setEnrolSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const user = username.trim().toLowerCase();
    const digits = cleanCode(code);
    if (!user || !password || !digits) {
      setFailure('Enter your username, password and the six-digit code from your authenticator app.');
      return;
    }
    setFailure(null);
    setBusy(true);
    try {
      await signIn(user, password, digits, enrolSecret ? { secret: enrolSecret, code: digits } : undefined);
    } catch (error) {
      const until = lockedUntil(error);
      if (error instanceof ApiError && error.code === 'enrol_required') {
        setEnrolSecret(newTotpSecret());
        setFailure('Your account needs two-factor sign-in from now on. Add it to your authenticator app below, then type the code it shows.');
      } else if (until) {
        setFailure(`Too many failed sign-ins: this account is locked. Try again at ${until}.`);
        setPassword('');
      } else {
        // One message for unknown name, wrong password and wrong code: the server does not tell them apart either.
        const wrong = error instanceof ApiError && (error.status === 401 || error.status === 400 || error.status === 404);
        setFailure(wrong ? 'Wrong username, password or code.' : describeError(error));
        setPassword('');
      }
      setCode('');
      setBusy(false);
    }
  };

  const info = program.value;
  return (
    <main class="narrow">
      <ScreenHeading>Sign in</ScreenHeading>
      {info && <p class="program-name">{info.name}</p>}
      {info && !info.setupComplete && (
        <p class="note">This Lantern is not set up yet. Open the setup link the server printed when it started.</p>
      )}
      {signedOutReason.value && (
        <p role="status" class="note">
          {signedOutReason.value}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <TextField id="signin-username" label="Username" value={username} onValue={setUsername} disabled={busy} autocomplete="username" autocapitalize="none" spellcheck={false} />
        <TextField id="signin-password" label="Password" value={password} onValue={setPassword} disabled={busy} type="password" autocomplete="current-password" />
        {enrolSecret && <TotpEnrolment secret={enrolSecret} username={username.trim().toLowerCase()} />}
        <CodeField id="signin-code" value={code} onValue={setCode} disabled={busy} hint="Six digits; a code works once." />
        <Submission failure={failure} busy={busy} busyLabel="Opening your keys…">
          Sign in
        </Submission>
      </form>
      <p class="hint">Signing in again is needed after every reload: your keys are kept in this tab's memory only.</p>
    </main>
  );
}
