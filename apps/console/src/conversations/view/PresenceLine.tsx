import type { ConversationSummary } from '@lantern/protocol';
import { messagesOf } from '../conversations';
import { waitLabel } from '../../shared/format';
import { absence, presence } from './presence';
import { now } from '../../shared/state';

/** Says when the participant's page has closed (they may come back), and after the program's grace offers to end. */
/** `onEnd` absent (a watcher): the line only informs. */
export function PresenceLine({ summary, onEnd }: { summary: ConversationSummary; onEnd?: () => void }) {
  const fromThem = messagesOf(summary.id).filter((m) => m.sender === 'participant');
  const last = fromThem.length > 0 ? fromThem[fromThem.length - 1]!.sentAt : null;
  const gone = absence(presence.value.get(summary.id), last, now.value);
  return (
    <div role="status" class="presence-line">
      {gone && (
        <p>
          The participant’s page closed {waitLabel(gone.since, now.value)} ago; they may come back.{' '}
          {gone.offerEnd && onEnd && (
            <>
              If they do not, you can end the conversation.{' '}
              <button type="button" class="link-button" onClick={onEnd}>
                End conversation…
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
