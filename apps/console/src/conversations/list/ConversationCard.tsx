import type { ConversationSummary } from '@lantern/protocol';
import { cardLabelOf, MAX_CARD_LABEL, setCardLabel } from '../card-labels';
import { messagesOf } from '../conversations';
import { channelLabel, languageLabel, timeLabel, waitLabel } from '../../shared/format';
import { now } from '../../shared/state';

/** Channel and language: what every card starts with. */
export const describeConversation = (c: ConversationSummary) =>
  [channelLabel(c.channel), c.language ? languageLabel(c.language) : null].filter(Boolean).join(' · ');

/**
 * What tells one conversation from another without showing content: the member's own label, channel,
 * language, when it started, and how long since the last line (participant's or staff's).
 */
export function CardLines({ summary }: { summary: ConversationSummary }) {
  const label = cardLabelOf(summary.id);
  const messages = messagesOf(summary.id);
  const last = messages.length > 0 ? messages[messages.length - 1]! : null;
  return (
    <>
      {label && (
        <span class="card-label" dir="auto">
          {label}
        </span>
      )}
      <span>{describeConversation(summary)}</span>
      <span class="muted">
        since {timeLabel(summary.createdAt)}
        {last && ` · last ${last.sender === 'participant' ? 'from them' : 'line'} ${waitLabel(last.sentAt, now.value)} ago`}
      </span>
    </>
  );
}

/** Where the member names the conversation for their own list. */
export function CardLabelField({ conversationId }: { conversationId: string }) {
  return (
    <div class="field card-label-field">
      <label for={`card-label-${conversationId}`}>Your label for this conversation</label>
      <input
        id={`card-label-${conversationId}`}
        type="text"
        dir="auto"
        maxLength={MAX_CARD_LABEL}
        value={cardLabelOf(conversationId)}
        onInput={(e) => setCardLabel(conversationId, e.currentTarget.value)}
        aria-describedby={`card-label-hint-${conversationId}`}
      />
      <p id={`card-label-hint-${conversationId}`} class="hint">
        Shown on its card. Kept in this browser’s memory only, gone when you sign out.
      </p>
    </div>
  );
}
