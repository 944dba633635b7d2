import { useEffect, useRef, useState } from 'preact/hooks';
import { saveStatus, type Override, type ProgramSettings } from './program';
import { stateLabel } from '../../shared/service-status';
import { AlternativesEditor, checkAlternatives, draftAlternatives, type AlternativeDraft } from './AlternativesEditor';
import { describeError } from '../../shared/common';
import { CurrentStatus } from './CurrentStatus';

const MAX_MESSAGE = 500;

const CHOICES: Array<{ value: Override; label: string; hint: string }> = [
  { value: 'none', label: 'Follow the hours', hint: 'Open during the hours below, closed outside them.' },
  { value: 'closed', label: 'Closed', hint: 'No new chats until you switch back, whatever the hours.' },
  { value: 'emergency', label: 'Emergency: service interrupted', hint: 'For an outage or a crisis: participants see your message at once.' },
];

/** The switch an admin reaches for when the line must close now, and the words participants then read. */
export function StatusForm({ settings }: { settings: ProgramSettings }) {
  const [override, setOverride] = useState<Override>(settings.override);
  const [message, setMessage] = useState(settings.status.message ?? '');
  const [alternatives, setAlternatives] = useState<AlternativeDraft[]>(() => draftAlternatives(settings.status.alternatives));
  /** The switch as saved: leaving an emergency clears its message, which would otherwise outlive it. */
  const [saved, setSaved] = useState<Override>(settings.override);
  const [cleared, setCleared] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const save = async () => {
    const checked = checkAlternatives(alternatives);
    if (!checked.ok) {
      setConfirming(false);
      setFailure(checked.message);
      document.getElementById(checked.focusId)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      const status = await saveStatus({ override, message: message.trim() || null, alternatives: checked.list });
      setDone(`Saved. Participants now see: ${stateLabel(status.state)}.`);
      setSaved(override);
      setCleared(false);
      setConfirming(false);
      requestAnimationFrame(() => saveButton.current?.focus());
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    // Closed and emergency reach every participant at once: say so and ask first.
    if (override !== 'none' && !confirming) {
      setFailure(null);
      setDone(null);
      setConfirming(true);
      return;
    }
    void save();
  };

  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => saveButton.current?.focus());
  };

  return (
    <section aria-labelledby="status-heading" class="card">
      <h2 id="status-heading" tabIndex={-1}>Status</h2>
      <CurrentStatus />
      <form onSubmit={submit} class="status-form">
        <fieldset role="radiogroup" aria-labelledby="status-legend" class="choices">
          <legend id="status-legend">Status</legend>
          {CHOICES.map((choice) => (
            <div class="choice" key={choice.value}>
              <input
                type="radio"
                id={`status-${choice.value}`}
                name="status"
                value={choice.value}
                checked={override === choice.value}
                disabled={busy}
                aria-describedby={`status-${choice.value}-hint`}
                onChange={() => {
                  setOverride(choice.value);
                  setConfirming(false);
                  const leavesEmergency = saved === 'emergency' && choice.value !== 'emergency';
                  if (leavesEmergency && message) {
                    setMessage('');
                    setCleared(true);
                  } else if (choice.value === 'emergency') setCleared(false);
                }}
              />
              <label for={`status-${choice.value}`}>{choice.label}</label>
              <p id={`status-${choice.value}-hint`} class="hint">
                {choice.hint}
              </p>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="status-message">Message to participants</label>
          <textarea
            id="status-message"
            rows={3}
            dir="auto"
            maxLength={MAX_MESSAGE}
            value={message}
            disabled={busy}
            aria-describedby="status-message-hint"
            onInput={(e) => setMessage(e.currentTarget.value)}
          />
          <p id="status-message-hint" class="hint">
            Shown on the participant page while the line is closed or interrupted. Up to {MAX_MESSAGE} characters; leave it
            empty for the page's own words.
          </p>
          {cleared && (
            <p class="note" role="status">
              The emergency message was cleared, so participants do not read it once the emergency is over (when the line closes
              for the night, say). Write a new one if you want.
            </p>
          )}
        </div>
        <AlternativesEditor rows={alternatives} onChange={setAlternatives} disabled={busy} />
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        {confirming ? (
          <div class="confirm">
            <p id="status-warning">
              {override === 'emergency' ? 'Emergency' : 'Closed'} reaches everyone at once: every participant waiting or chatting
              sees it now, and no new chat can start until you switch back.
            </p>
            <button type="button" class="danger" ref={confirmButton} disabled={busy} aria-describedby="status-warning" onClick={() => void save()}>
              Confirm: tell everyone waiting or chatting
            </button>{' '}
            <button type="button" disabled={busy} onClick={cancel}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="submit" class="primary" ref={saveButton} disabled={busy}>
            Save status
          </button>
        )}
        <p role="status" class="notice">
          {done}
        </p>
      </form>
    </section>
  );
}
