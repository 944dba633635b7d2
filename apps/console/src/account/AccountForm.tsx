import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { firstWord } from '@lantern/protocol/participant-name';
import type { NewAccount } from './sign-in';
import { cleanCode, newTotpSecret } from './two-factor';
import { describeError, ScreenHeading } from '../shared/common';
import { CodeField, focusFirstError, Submission, TextField } from '../shared/Form';
import { TotpEnrolment } from './TotpEnrolment';
import { participantNameProblem, PARTICIPANT_NAME_HINT } from './participant-name';

const MIN_PASSWORD = 12;
const USERNAME = /^[a-z0-9][a-z0-9._@+-]{2,63}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

interface Props {
  heading: string;
  submitLabel: string;
  busyLabel: string;
  children?: ComponentChildren;
  onSubmit(account: NewAccount): Promise<void>;
}

type Field = 'displayName' | 'participantName' | 'username' | 'password' | 'repeat' | 'code';

function validate(displayName: string, participantName: string, username: string, password: string, repeat: string, code: string): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  if (!displayName) errors.displayName = 'Enter your full name, as other staff will see it.';
  else if (displayName.length > 64 || CONTROL.test(displayName)) errors.displayName = 'Use at most 64 ordinary characters.';
  const nameProblem = participantNameProblem(participantName);
  if (nameProblem) errors.participantName = nameProblem;
  if (!USERNAME.test(username)) {
    errors.username = 'Use 3 to 64 characters: lowercase letters, digits, and . _ @ + - (not first).';
  }
  if ([...password].length < MIN_PASSWORD) {
    errors.password = `Use at least ${MIN_PASSWORD} characters. A few unrelated words make a good password.`;
  }
  if (repeat !== password) errors.repeat = 'The two passwords do not match.';
  if (!cleanCode(code)) errors.code = 'Type the six digits your authenticator app shows for this account.';
  return errors;
}

/** Setup and invite acceptance: the same fields, the same key work and the same two-factor enrolment behind them. */
export function AccountForm({ heading, submitLabel, busyLabel, children, onSubmit }: Props) {
  const [displayName, setDisplayName] = useState('');
  // The first word of the name, until the person writes their own.
  const [ownParticipantName, setOwnParticipantName] = useState<string | null>(null);
  const participantName = ownParticipantName ?? (displayName.trim() ? firstWord(displayName) : '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  // Made once per visit to the form; a failed submission keeps it, so the app already set up still works.
  const [secret] = useState(newTotpSecret);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const name = displayName.trim();
    const shownName = participantName.trim();
    const user = username.trim().toLowerCase();
    const found = validate(name, shownName, user, password, repeat, code);
    setErrors(found);
    setFailure(null);
    if (focusFirstError('account', found)) return;
    setBusy(true);
    try {
      await onSubmit({ displayName: name, participantName: shownName, username: user, password, totp: { secret, code: cleanCode(code)! } });
    } catch (error) {
      setFailure(describeError(error));
      setCode('');
      setBusy(false);
    }
  };

  return (
    <main class="narrow">
      <ScreenHeading>{heading}</ScreenHeading>
      {children}
      <form onSubmit={submit} noValidate>
        <TextField
          id="account-displayName"
          label="Your name"
          hint="Your full name: other staff see it."
          value={displayName}
          onValue={setDisplayName}
          error={errors.displayName}
          disabled={busy}
          autocomplete="name"
          maxLength={64}
        />
        <TextField
          id="account-participantName"
          label="Name participants see"
          hint={PARTICIPANT_NAME_HINT}
          value={participantName}
          onValue={setOwnParticipantName}
          error={errors.participantName}
          disabled={busy}
          maxLength={64}
        />
        <TextField
          id="account-username"
          label="Username"
          value={username}
          onValue={setUsername}
          error={errors.username}
          disabled={busy}
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          maxLength={64}
        />
        <TextField id="account-password" label="Password" value={password} onValue={setPassword} error={errors.password} disabled={busy} type="password" autocomplete="new-password" />
        <TextField id="account-repeat" label="Repeat password" value={repeat} onValue={setRepeat} error={errors.repeat} disabled={busy} type="password" autocomplete="new-password" />
        <TotpEnrolment secret={secret} username={username.trim().toLowerCase()} />
        <CodeField id="account-code" value={code} onValue={setCode} error={errors.code} disabled={busy} />
        {Object.keys(errors).length > 0 && (
          <p role="alert" class="error">
            Check the fields marked above.
          </p>
        )}
        <Submission failure={failure} busy={busy} busyLabel={busyLabel}>
          {submitLabel}
        </Submission>
      </form>
    </main>
  );
}
