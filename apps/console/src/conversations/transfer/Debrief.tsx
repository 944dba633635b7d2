import { useEffect, useState } from 'preact/hooks';
import { askForDebrief, debriefOffered } from './transfer';
import { describeError } from '../../shared/common';

/**
 * After a conversation this member held has ended: a quiet offer to talk it through. Supervisors on
 * shift hear who asks, never which conversation or what it held (both guides: chat brings more
 * graphic disclosures than calls; staff need debriefing).
 */
export function Debrief() {
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new offer replaces the answer to the last one: never a fresh prompt beside an old result.
  const offered = debriefOffered.value;
  useEffect(() => {
    if (offered) setResult(null);
  }, [offered]);
  if (!offered && !result) return null;
  const ask = async () => {
    setBusy(true);
    try {
      const { notified } = await askForDebrief();
      setResult(
        notified === 0
          ? 'No supervisor is signed in right now. Reach out to your supervisor the way your program agreed.'
          : `Asked ${notified === 1 ? 'the supervisor' : `${notified} supervisors`} on shift. They were told your name only.`,
      );
      debriefOffered.value = false;
    } catch (error) {
      setResult(describeError(error));
    }
    setBusy(false);
  };
  return (
    <section class="debrief card" aria-labelledby="debrief-heading">
      <h2 id="debrief-heading">Take a moment</h2>
      {debriefOffered.value && (
        <>
          <p>
            A conversation has ended. If it was a hard one, you can ask for a debrief. Supervisors on shift hear only your name, not
            which conversation it was or what was said.
          </p>
          <button type="button" onClick={() => void ask()} disabled={busy}>
            I need a debrief
          </button>{' '}
          <button type="button" onClick={() => (debriefOffered.value = false)} disabled={busy}>
            Not now
          </button>
        </>
      )}
      <p role="status">{result}</p>
      {result && !debriefOffered.value && (
        <button type="button" onClick={() => setResult(null)}>
          Dismiss
        </button>
      )}
    </section>
  );
}
