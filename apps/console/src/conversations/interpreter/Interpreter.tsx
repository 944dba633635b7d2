import { useEffect, useState } from 'preact/hooks';
import type { ConversationSummary, InterpreterState } from '@lantern/protocol';
import { partIn } from '../conversations';
import { interpreterStates, inviteInterpreter, removeInterpreter } from './interpreter';
import { describeError } from '../../shared/common';

const STATE_TEXT: Record<InterpreterState, string> = {
  invited: 'invited, waiting for them to open the link',
  asking: 'waiting for the participant to agree',
  joined: 'joined',
  declined: 'declined by the participant',
  left: 'left the chat',
};

/**
 * A live interpreter for this web chat: a single-use link to hand over by phone or another
 * private channel, and where the interpreter stands. SMS conversations cannot have one.
 */
export function InterpreterPanel({ summary }: { summary: ConversationSummary }) {
  const state = interpreterStates.value.get(summary.id) ?? null;
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // The link carries the conversation keys: off the screen as soon as it is spent or dead.
  useEffect(() => {
    if (state !== null && state !== 'invited') setLink(null);
  }, [state]);

  if (summary.channel !== 'web') {
    return (
      <p class="hint interpreter-panel">
        Interpreter: not available for text conversations. Texts are not end-to-end encrypted, so there are no keys to share with a third person.
      </p>
    );
  }

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const invite = () =>
    act(async () => {
      setCopied(false);
      setLink(await inviteInterpreter(summary));
    });
  const remove = () =>
    act(async () => {
      setLink(null);
      await removeInterpreter(summary.id);
    });
  const copy = () =>
    act(async () => {
      if (!link) return;
      await navigator.clipboard.writeText(link);
      setCopied(true);
    });

  // Only the member holding the conversation brings an interpreter in or out (the server refuses anyone else); others see where it stands.
  const holds = partIn(summary) === 'hold';
  const canInvite = holds && (state === null || state === 'invited' || state === 'declined' || state === 'left');
  const canRemove = holds && (state === 'invited' || state === 'asking' || state === 'joined');

  return (
    <div class="interpreter-panel">
      <p>
        Interpreter: <span aria-live="polite">{state ? STATE_TEXT[state] : 'none'}</span>
      </p>
      {link && (
        <div class="interpreter-link">
          <label for="interpreter-link">Link for the interpreter</label>
          <input id="interpreter-link" type="text" readOnly value={link} aria-describedby="interpreter-link-hint" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={() => void copy()} disabled={busy}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
          <p id="interpreter-link-hint" class="hint">
            Give it to the interpreter by phone or another private channel, never in this chat. It works once, for 30 minutes, and holds
            the keys to this conversation. The participant is asked before the interpreter joins.
          </p>
        </div>
      )}
      {(canInvite || canRemove) && (
      <p class="interpreter-actions">
        {canInvite && (
          <button type="button" onClick={() => void invite()} disabled={busy}>
            {state === 'invited' ? 'Make a new link' : 'Invite interpreter'}
          </button>
        )}{' '}
        {canRemove && (
          <button type="button" onClick={() => void remove()} disabled={busy}>
            Remove interpreter
          </button>
        )}
      </p>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </div>
  );
}
