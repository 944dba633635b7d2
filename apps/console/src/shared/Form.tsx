import type { ComponentChildren, InputHTMLAttributes } from 'preact';

/** The attributes of the input the console's forms set, beyond what every field has. */
interface InputAttributes {
  type?: 'text' | 'password' | 'number';
  class?: string;
  min?: number;
  max?: number;
  autocomplete?: 'name' | 'username' | 'current-password' | 'new-password' | 'one-time-code';
  autocapitalize?: 'none';
  spellcheck?: boolean;
  inputMode?: 'numeric';
  pattern?: string;
  maxLength?: number;
  disabled?: boolean;
}

interface Props extends InputAttributes {
  id: string;
  label: string;
  value: string;
  onValue(value: string): void;
  /** Said under the input, as `${id}-hint`. */
  hint?: string;
  /** Said under the input, as `${id}-error`, and the input is marked invalid. */
  error?: string;
  /** Marks the input invalid where the form says why elsewhere. */
  invalid?: boolean;
}

/** A labelled input whose hint and error are read out with it. */
export function TextField({ id, label, value, onValue, hint, error, invalid, ...attributes }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error || invalid ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        // Preact types an input's attributes by its type; these suit text, password and number inputs alike.
        {...(attributes as InputHTMLAttributes<HTMLInputElement>)}
      />
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Moves focus to the first field with an error, its input's id `${idPrefix}-${field}`; says whether there was one. */
export function focusFirstError(idPrefix: string, errors: Partial<Record<string, string>>): boolean {
  const first = Object.keys(errors)[0];
  if (first !== undefined) document.getElementById(`${idPrefix}-${first}`)?.focus();
  return first !== undefined;
}

/** The field for a code from the authenticator app: six digits, a space allowed, offered by the phone's keyboard. */
export function CodeField(props: Omit<Props, 'label'>) {
  return <TextField label="Code from your authenticator app" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxLength={7} {...props} />;
}

interface SubmissionProps {
  /** Why the last submission did not go through, said as an alert. */
  failure: string | null;
  busy: boolean;
  /** What is being done while busy. */
  busyLabel: string;
  /** What was done, for a form that stays on screen after it. */
  doneLabel?: string;
  /** The submit button's text. */
  children: ComponentChildren;
}

/** The end of a form: why it failed, what it is doing (or did), and its submit button. */
export function Submission({ failure, busy, busyLabel, doneLabel, children }: SubmissionProps) {
  return (
    <>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      <div role="status" class="progress">
        {busy && (
          <>
            <progress aria-hidden="true" />
            <span>{busyLabel}</span>
          </>
        )}
        {doneLabel && <span>{doneLabel}</span>}
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {children}
      </button>
    </>
  );
}
