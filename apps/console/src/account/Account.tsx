import { useState } from 'preact/hooks';
import { ApiError } from '../shared/api';
import { changePassword, WrongPasswordError } from './password';
import { me } from '../shared/state';
import { cleanCode } from './two-factor';
import { describeError, ScreenHeading } from '../shared/common';
import { CodeField, focusFirstError, Submission, TextField } from '../shared/Form';
import { ParticipantNameForm } from './ParticipantNameForm';

const MIN_PASSWORD = 12;

type Field = 'current' | 'next' | 'repeat' | 'code';

function validate(current: string, next: string, repeat: string, code: string): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!current) errors.current = 'Enter your current password.';
  if ([...next].length < MIN_PASSWORD) errors.next = `Use at least ${MIN_PASSWORD} characters. A few unrelated words make a good password.`;
  else if (next === current) errors.next = 'Choose a password different from the current one.';
  if (repeat !== next) errors.repeat = 'The two new passwords do not match.';
  if (!cleanCode(code)) errors.code = 'Type the six digits your authenticator app shows.';
  return errors;
}

/** Every member's own account: a new password, which re-wraps their key in this browser. */
export function Account() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = validate(current, next, repeat, code);
    setErrors(found);
    setFailure(null);
    setDone(false);
    if (focusFirstError('password', found)) return;
    setBusy(true);
    try {
      await changePassword(current, next, cleanCode(code)!);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (error) {
      if (error instanceof WrongPasswordError) setFailure(error.message);
      else if (error instanceof ApiError && error.status === 403) setFailure('The current password or the code is not right.');
      else setFailure(describeError(error));
    } finally {
      setCode('');
      setBusy(false);
    }
  };

  return (
    <section class="narrow account">
      <ScreenHeading>Your account</ScreenHeading>
      <p>
        Signed in as <strong>{me.value?.username}</strong>. Other staff see your full name, <strong dir="auto">{me.value?.displayName}</strong>.
      </p>
      <ParticipantNameForm />
      <form onSubmit={submit} noValidate aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        <p>
          Your password opens your key in this browser; changing it re-seals the same key, so nothing you can open changes.
          Your other signed-in sessions end.
        </p>
        {/* Lets password managers tie the new password to this account. */}
        <input type="text" name="username" autocomplete="username" value={me.value?.username ?? ''} readOnly hidden />
        <TextField id="password-current" label="Current password" value={current} onValue={setCurrent} error={errors.current} disabled={busy} type="password" autocomplete="current-password" />
        <TextField id="password-next" label="New password" value={next} onValue={setNext} error={errors.next} disabled={busy} type="password" autocomplete="new-password" />
        <TextField id="password-repeat" label="Repeat new password" value={repeat} onValue={setRepeat} error={errors.repeat} disabled={busy} type="password" autocomplete="new-password" />
        <CodeField id="password-code" value={code} onValue={setCode} error={errors.code} disabled={busy} />
        <Submission
          failure={failure}
          busy={busy}
          busyLabel="Sealing your key under the new password…"
          doneLabel={done ? 'Password changed. Your other sessions were signed out.' : undefined}
        >
          Change password
        </Submission>
      </form>
    </section>
  );
}
