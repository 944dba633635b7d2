import { useEffect, useState } from 'preact/hooks';
import { loadRetention, RETENTION_MAX_DAYS, retentionMeaning, saveRetention, type RetentionReply } from './retention';
import { describeError } from '../../shared/common';

/** Admins: how many days an ended conversation's encrypted messages are kept, with what that means in words. */
export function RetentionForm() {
  const [current, setCurrent] = useState<RetentionReply | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    loadRetention()
      .then((reply) => {
        setCurrent(reply);
        setDraft(String(reply.days));
      })
      .catch((error: unknown) => setFailure(describeError(error)));
  }, []);

  // A whole number of days in range, or null.
  const days = /^\d+$/.test(draft.trim()) && Number(draft.trim()) <= RETENTION_MAX_DAYS ? Number(draft.trim()) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    if (days === null) {
      setFailure(`Enter a whole number of days from 0 to ${RETENTION_MAX_DAYS}.`);
      document.getElementById('retention-days')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await saveRetention(days);
      setCurrent(saved);
      setDone(saved.days === 0 ? 'Saved: conversations are deleted when they end.' : `Saved: ended conversations are kept for ${saved.days} ${saved.days === 1 ? 'day' : 'days'}.`);
    } catch (error) {
      setFailure(`The retention was not saved: ${describeError(error)}`);
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="retention-heading" class="card">
      <h2 id="retention-heading" tabIndex={-1}>
        Retention
      </h2>
      {current && (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <div class="field">
            <label for="retention-days">Days to keep an ended conversation</label>
            <input
              id="retention-days"
              class="count"
              type="number"
              inputMode="numeric"
              min={0}
              max={RETENTION_MAX_DAYS}
              step={1}
              value={draft}
              aria-describedby="retention-meaning retention-scope"
              aria-invalid={days === null ? 'true' : undefined}
              onInput={(e) => {
                setDraft(e.currentTarget.value);
                setDone(null);
              }}
            />
          </div>
          <p id="retention-meaning" aria-live="polite">
            {days === null ? `A whole number of days, from 0 to ${RETENTION_MAX_DAYS}.` : retentionMeaning(days)}
          </p>
          <p id="retention-scope" class="hint">
            A change applies to conversations that end after it; those already ended keep the date they were given.
            {current.chosen ? '' : ' Until you save, this is the server’s RETENTION_DAYS setting.'}
          </p>
          <button type="submit" disabled={busy}>
            Save retention
          </button>
        </form>
      )}
      <p role="status">{done}</p>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </section>
  );
}
