import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationSummary, TransferCandidate } from '@lantern/protocol';
import { MAX_TRANSFER_NOTE_CHARS } from '@lantern/protocol/transfer-note';
import { notice, summaries } from '../conversations';
import { roleLabel } from '../../shared/format';
import { keptChoice } from './transfer-choice';
import { arrivalFor, dismissArrival, KeyChangedError, loadCandidates, noteLength, transferTo } from './transfer';
import { describeError, Fingerprint } from '../../shared/common';

/** How often an open transfer form reads who is signed in, their load and availability again. */
const CANDIDATE_REFRESH_MS = 15_000;

function candidateLabel(c: TransferCandidate, epoch: number): string {
  const state = c.available === null ? null : c.available ? 'available' : 'away';
  const load = `${c.openConversations} open`;
  const parts = [roleLabel(c.role), state, load].filter(Boolean).join(', ');
  return `${c.displayName} (${parts})${c.epochs.includes(epoch) ? '' : ' — cannot open this conversation'}`;
}

/**
 * Hands one conversation to another signed-in member, with an optional note sealed in this browser
 * to the receiver's own key. Used in a conversation and in the shift-end handoff list.
 */
export function TransferForm({
  summary,
  onDone,
  onCancel,
  autoFocus = true,
}: {
  summary: ConversationSummary;
  onDone: (to: string) => void;
  onCancel?: () => void;
  /** Off where several forms show at once (the handoff list). */
  autoFocus?: boolean;
}) {
  const [candidates, setCandidates] = useState<TransferCandidate[] | null>(null);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const id = summary.id;

  const refresh = async () => {
    setError(null);
    try {
      const list = await loadCandidates();
      setCandidates(list);
      setTo((current) => keptChoice(current, list, summary.epoch));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  useEffect(() => {
    void refresh().then(() => {
      if (autoFocus) picker.current?.focus();
    });
  }, []);
  // Counts and availability change while the form is open: read them again when the list moves, and now and then.
  const listVersion = summaries.value;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void refresh();
  }, [listVersion]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), CANDIDATE_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const chosen = candidates?.find((c) => c.id === to) ?? null;
  const tooLong = noteLength(note.trim()) > MAX_TRANSFER_NOTE_CHARS;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!chosen || busy || tooLong) return;
    setBusy(true);
    setError(null);
    try {
      await transferTo(id, chosen, note);
      setNote('');
      onDone(chosen.displayName);
    } catch (failure) {
      setError(failure instanceof KeyChangedError ? failure.message : describeError(failure));
      setBusy(false);
    }
  };

  return (
    <form class="transfer card" onSubmit={submit} aria-label="Transfer this conversation">
      {candidates === null && !error && <p class="muted">Finding who is signed in…</p>}
      {candidates !== null && candidates.length === 0 && <p class="muted">Nobody else is signed in right now.</p>}
      {candidates !== null && candidates.length > 0 && (
        <>
          <div class="field">
            <label for={`transfer-to-${id}`}>Transfer to</label>
            <div class="with-button">
              <select id={`transfer-to-${id}`} ref={picker} value={to} onChange={(e) => setTo(e.currentTarget.value)}>
                {to === '' && <option value="">Choose who takes it (no advocate is available)</option>}
                {candidates.map((c) => (
                  <option key={c.id} value={c.id} disabled={!c.epochs.includes(summary.epoch)}>
                    {candidateLabel(c, summary.epoch)}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => void refresh()}>
                Refresh list
              </button>
            </div>
          </div>
          {chosen && (
            <p class="hint">
              {chosen.displayName}’s key fingerprint: <Fingerprint publicKey={chosen.publicKey} />
            </p>
          )}
          <div class="field">
            <label for={`transfer-note-${id}`}>Note for {chosen?.displayName ?? 'them'} (optional)</label>
            <textarea
              id={`transfer-note-${id}`}
              rows={3}
              dir="auto"
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
              aria-describedby={`transfer-note-hint-${id}`}
              aria-invalid={tooLong ? 'true' : undefined}
            />
            <p id={`transfer-note-hint-${id}`} class="hint">
              Encrypted in this browser so that only they can read it. The server keeps it until they open it. Up to{' '}
              {MAX_TRANSFER_NOTE_CHARS} characters{tooLong ? ': this note is too long.' : '.'}
            </p>
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={!chosen || busy || tooLong}>
          {busy ? 'Transferring…' : 'Transfer'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** In a conversation: the form behind a button, and, for the receiver, who sent it and their note. */
export function TransferControls({ summary }: { summary: ConversationSummary }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => toggle.current?.focus());
  };
  return (
    <>
      <button type="button" ref={toggle} aria-expanded={open} onClick={() => setOpen(!open)}>
        Transfer…
      </button>
      {open && (
        <TransferForm
          summary={summary}
          onDone={(to) => {
            setOpen(false);
            // The conversation leaves this console at once; the list's status line says where it went.
            notice.value = `Transferred to ${to}. The conversation is no longer yours.`;
          }}
          onCancel={close}
        />
      )}
    </>
  );
}

/** "Transferred to you by X", with the note opened in this browser. */
export function TransferArrival({ conversationId }: { conversationId: string }) {
  const arrival = arrivalFor(conversationId);
  if (!arrival) return null;
  return (
    <section class="arrival card" aria-label="Transfer note">
      <p>
        <strong>Transferred to you by {arrival.from}.</strong>
      </p>
      {arrival.note !== null && (
        <p dir="auto" class="note">
          {arrival.note}
        </p>
      )}
      {arrival.unreadable && <p class="error">Their note could not be opened with your key.</p>}
      {arrival.note === null && !arrival.unreadable && <p class="muted">No note.</p>}
      <button type="button" onClick={() => dismissArrival(conversationId)}>
        Dismiss note
      </button>
    </section>
  );
}
