import { useEffect, useState } from 'preact/hooks';
import type { RoutingSelf, RoutingSettings } from '@lantern/protocol';
import { MAX_CONVERSATION_CAP, MAX_SHIFT_END_MARGIN_MINUTES } from '@lantern/protocol/routing-limits';
import { api } from '../../shared/api';
import { saveRoutingSettings } from './routing-settings';
import { describeError } from '../../shared/common';
import { TextField } from '../../shared/Form';

/** Admins, on the Program screen: how many conversations one advocate holds at most, and the shift-end window. */
export function RoutingForm() {
  const [cap, setCap] = useState('');
  const [margin, setMargin] = useState('');
  const [busy, setBusy] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    api<RoutingSelf>('GET', '/api/staff/routing')
      .then(({ settings }) => {
        setCap(String(settings.conversationCap));
        setMargin(String(settings.shiftEndMarginMinutes));
      })
      .catch((error: unknown) => setFailure(describeError(error)))
      .finally(() => setBusy(false));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const settings = parse(cap, margin);
    if (typeof settings === 'string') {
      setFailure(settings);
      setDone(null);
      document.getElementById(settings.startsWith('Conversations') ? 'routing-cap' : 'routing-margin')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const saved = await saveRoutingSettings(settings);
      setDone(`Saved: up to ${saved.conversationCap} conversations per advocate, none new in the last ${saved.shiftEndMarginMinutes} minutes of a shift.`);
    } catch (error) {
      setFailure(`Not saved: ${describeError(error)}`);
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="routing-heading" class="card">
      <h2 id="routing-heading" tabIndex={-1}>
        Queue and routing
      </h2>
      <p class="hint">
        Waiting conversations, web and text alike, are handed to available advocates in turn: whoever holds the fewest, then whoever
        was handed one longest ago.
      </p>
      <form onSubmit={submit} noValidate>
        <TextField
          id="routing-cap"
          label="Conversations per advocate at once"
          class="count"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_CONVERSATION_CAP}
          value={cap}
          onValue={setCap}
          disabled={busy}
          invalid={failure?.startsWith('Conversations')}
          hint="Routing stops there, and so do an advocate’s own answers from the queue."
        />
        <TextField
          id="routing-margin"
          label="Minutes at the end of a shift with no new conversations"
          class="count"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_SHIFT_END_MARGIN_MINUTES}
          value={margin}
          onValue={setMargin}
          disabled={busy}
          invalid={failure?.startsWith('Minutes')}
          hint="Each advocate sets when their shift ends in the header; chats run long, so they are not handed a new one just before."
        />
        <button type="submit" disabled={busy}>
          Save routing
        </button>
        {failure && (
          <p role="alert" class="error">
            {failure}
          </p>
        )}
        <p role="status" class="notice">
          {done}
        </p>
      </form>
    </section>
  );
}

/** The two fields as settings, or what is wrong with them in words. */
function parse(cap: string, margin: string): RoutingSettings | string {
  const conversationCap = Number(cap);
  const shiftEndMarginMinutes = Number(margin);
  if (!/^[0-9]+$/.test(cap.trim()) || conversationCap < 1 || conversationCap > MAX_CONVERSATION_CAP) {
    return `Conversations per advocate must be a whole number from 1 to ${MAX_CONVERSATION_CAP}.`;
  }
  if (!/^[0-9]+$/.test(margin.trim()) || shiftEndMarginMinutes > MAX_SHIFT_END_MARGIN_MINUTES) {
    return `Minutes before the end of a shift must be a whole number from 0 to ${MAX_SHIFT_END_MARGIN_MINUTES}.`;
  }
  return { conversationCap, shiftEndMarginMinutes };
}
