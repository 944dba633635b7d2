import { useState } from 'preact/hooks';
import { selectWhenListed } from '../conversations';
import { digitsOf, startTexting } from './sms';
import { describeError } from '../../shared/common';

/**
 * Ongoing advocacy: text a number the program was given. The number is typed twice and read back
 * before the conversation opens (NNEDV: double-check numbers, never trust autofill); nothing goes
 * to the phone until the advocate writes the first text.
 */
export function TextNumber() {
  const [number, setNumber] = useState('');
  const [again, setAgain] = useState('');
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const check = (event: Event) => {
    event.preventDefault();
    if (digitsOf(number).replace('+', '').length < 7) return setError('Type the whole number, with its country code if it is abroad.');
    if (digitsOf(number) !== digitsOf(again)) return setError('The two numbers do not match. Check the number and type it again.');
    setError(null);
    setChecked(true);
  };

  const start = async () => {
    setBusy(true);
    try {
      const started = await startTexting(number, again);
      selectWhenListed(started.conversationId);
      setNumber('');
      setAgain('');
      setChecked(false);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="text-number-heading" class="text-number">
      <h2 id="text-number-heading">Text a number</h2>
      {checked ? (
        <div>
          <p>
            Start a text conversation with <strong class="sms-number">{number}</strong>? Nothing is sent until you write the first text.
          </p>
          <button type="button" class="primary" onClick={() => void start()} disabled={busy}>
            Yes, this is the right number
          </button>{' '}
          <button type="button" onClick={() => setChecked(false)} disabled={busy}>
            Change the number
          </button>
        </div>
      ) : (
        <form onSubmit={check}>
          <label for="sms-number">Phone number</label>
          <input id="sms-number" type="tel" autocomplete="off" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
          <label for="sms-number-again">Type the number again</label>
          <input id="sms-number-again" type="tel" autocomplete="off" value={again} onInput={(e) => setAgain(e.currentTarget.value)} />
          <button type="submit">Check the number</button>
        </form>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
