import { useEffect, useState } from 'preact/hooks';
import { revealNumber, smsDetails, type SmsDetails } from './sms';
import { describeError } from '../../shared/common';

/** A revealed number hides itself again after this long, so it does not stay on a screen someone may see. */
const REVEAL_MS = 60_000;

/** The phone number of an SMS conversation: masked, shown in full only when the advocate asks. */
export function SmsPanel({ conversationId }: { conversationId: string }) {
  const [details, setDetails] = useState<SmsDetails | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    smsDetails(conversationId)
      .then((d) => live && setDetails(d))
      .catch((e: unknown) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [conversationId]);

  useEffect(() => {
    if (!revealed) return;
    const timer = setTimeout(() => setRevealed(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [revealed]);

  const toggle = async () => {
    if (revealed) return setRevealed(null);
    try {
      setRevealed((await revealNumber(conversationId)).number);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div class="sms-panel">
      <p>
        Phone number{' '}
        <span class="sms-number" aria-live="polite">
          {revealed ?? details?.number ?? '…'}
        </span>{' '}
        <button type="button" onClick={() => void toggle()} disabled={!details}>
          {revealed ? 'Hide number' : 'Show number'}
        </button>
      </p>
      <p class="hint">Texts go through the SMS provider and the phone company, who can read them. Do not save this number anywhere.</p>
      {details?.stopped && <p class="error">They texted STOP: no more texts can be sent.</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
