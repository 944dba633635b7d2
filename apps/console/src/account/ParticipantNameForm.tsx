import { useState } from 'preact/hooks';
import { participantNameProblem, PARTICIPANT_NAME_HINT, saveParticipantName } from './participant-name';
import { me } from '../shared/state';
import { describeError } from '../shared/common';
import { Submission, TextField } from '../shared/Form';

/** On Account: the name participants see, changed for the messages this member writes from now on. */
export function ParticipantNameForm() {
  const saved = me.value?.participantName ?? '';
  const [name, setName] = useState(saved);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const chosen = name.trim();
    const problem = participantNameProblem(chosen);
    setError(problem);
    setFailure(null);
    setDone(null);
    if (problem) {
      document.getElementById('participant-name')?.focus();
      return;
    }
    setBusy(true);
    try {
      await saveParticipantName(chosen);
      setName(chosen);
      setDone(`Saved: participants now see “${chosen}” beside what you write.`);
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="participant-name-heading">
      <h2 id="participant-name-heading">The name participants see</h2>
      <TextField id="participant-name" label="Name participants see" hint={PARTICIPANT_NAME_HINT} value={name} onValue={setName} error={error ?? undefined} disabled={busy} maxLength={64} />
      <Submission failure={failure} busy={busy} busyLabel="Saving…" doneLabel={done ?? undefined}>
        Save name
      </Submission>
    </form>
  );
}
