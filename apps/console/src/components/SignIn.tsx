import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { signIn } from '../session';
import { program, signedOutReason } from '../state';
import { describeError, ScreenHeading } from './common';

export function SignIn() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const user = username.trim().toLowerCase();
    if (!user || !password) {
      setFailure('Enter your username and password.');
      return;
    }
    setFailure(null);
    setBusy(true);
    try {
      await signIn(user, password);
    } catch (error) {
      // One message for both unknown name and wrong password: the server does not tell them apart either.
      const wrong = error instanceof ApiError && (error.status === 401 || error.status === 400 || error.status === 404);
      setFailure(wrong ? 'Wrong username or password.' : describeError(error));
      setPassword('');
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
        <div class="field">
          <label for="signin-username">Username</label>
          <input
            id="signin-username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            disabled={busy}
          />
        </div>
        <div class="field">
          <label for="signin-password">Password</label>
          <input
            id="signin-password"
            type="password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            autocomplete="current-password"
            disabled={busy}
          />
        </div>
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        <div role="status" class="progress">
          {busy && (
            <>
              <progress aria-hidden="true" />
              <span>Opening your keys…</span>
            </>
          )}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
      <p class="hint">Signing in again is needed after every reload: your keys are kept in this tab's memory only.</p>
    </main>
  );
}
