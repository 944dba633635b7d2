import { useEffect, useRef, useState } from 'preact/hooks';
import type { StaffMember } from '@lantern/protocol';
import { deactivateMember, rotating } from './rotation';
import { describeError } from '../../shared/common';

interface Props {
  member: StaffMember;
  /** Active members without a grant yet: the new program key is sealed to them as well. */
  alsoSealedTo: StaffMember[];
  onDone(): void;
}

/** Deactivate one member, after saying what it does; the new program key follows in this browser. */
export function Deactivate({ member, alsoSealedTo, onDone }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const warningId = `deactivate-${member.id}-warning`;

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      // A failed rotation does not throw: it stays on screen as a warning with a retry.
      await deactivateMember(member);
      onDone();
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  const cancel = () => {
    setConfirming(false);
    requestAnimationFrame(() => startButton.current?.focus());
  };

  if (!confirming) {
    return (
      <button type="button" ref={startButton} onClick={() => setConfirming(true)} disabled={rotating.value}>
        Deactivate {member.displayName}
      </button>
    );
  }
  const pending = alsoSealedTo.map((m) => m.displayName).join(', ');
  return (
    <div class="confirm">
      <p id={warningId}>
        Ends {member.displayName}’s access now: they are signed out everywhere and their open conversations go back to the
        queue. Your browser then makes a new program key for every other active member.
        {pending &&
          ` That includes ${pending}, who ${alsoSealedTo.length === 1 ? 'has' : 'have'} not been granted access yet: check their fingerprints before you go on.`}
      </p>
      <button type="button" class="danger" ref={confirmButton} disabled={busy} aria-describedby={warningId} onClick={() => void confirm()}>
        Confirm: deactivate {member.displayName}
      </button>{' '}
      <button type="button" disabled={busy} onClick={cancel}>
        Cancel
      </button>
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
    </div>
  );
}
