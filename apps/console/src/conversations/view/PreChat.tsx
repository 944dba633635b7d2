import type { ConversationSummary } from '@lantern/protocol';
import { readPreChatAnswers, type ShownReach } from '@lantern/protocol/pre-chat';
import type { ChatMessage } from '../conversations';
import { timeLabel } from '../../shared/format';

/** Whether the participant has acknowledged the rights notice (web), or the text line's start notice went out (SMS). */
export function RightsStatus({ summary }: { summary: ConversationSummary }) {
  const acknowledged = summary.rightsAcknowledged === true;
  const words =
    summary.channel === 'sms'
      ? acknowledged
        ? 'The start notice went to their phone.'
        : 'The start notice has not gone to their phone yet.'
      : acknowledged
        ? 'Read the rights notice and pressed “I understand”.'
        : 'Has not acknowledged the rights notice yet: they can write once they do.';
  return <p class={`rights-status ${acknowledged ? 'done' : 'pending'}`}>{words}</p>;
}

/** "Answers before the chat": the safety check-in and the optional questions, decrypted here only. */
export function PreChatAnswersItem({ message }: { message: ChatMessage }) {
  const read = message.text === null ? null : readPreChatAnswers(message.text);
  return (
    <li class="message from-participant pre-chat">
      <span class="who">Answers before the chat</span>
      {read === null ? (
        <p class="unreadable">These answers could not be opened.</p>
      ) : (
        <>
          {read.safe === false && (
            <p class="error">
              <strong>They said this device is not safe to chat on right now.</strong> {shownWords(read.shown)} They chose to
              carry on here.
            </p>
          )}
          {read.safe === true && <p>They said this device is safe to chat on right now.</p>}
          {read.answers.length > 0 && (
            <dl>
              {read.answers.map((a, i) => (
                <div key={i}>
                  <dt dir="auto">{a.question}</dt>
                  <dd dir="auto">{a.answer}</dd>
                </div>
              ))}
            </dl>
          )}
        </>
      )}
      <span class="meta">{timeLabel(message.sentAt)}</span>
    </li>
  );
}

/** What their page showed after "not safe", as it reported it: never a list that may not have been there. */
export function shownWords(shown: ShownReach | undefined): string {
  const advice = 'They were shown the advice for an unsafe device';
  // A page from before the upgrade reported nothing more.
  if (!shown) return `${advice}.`;
  if (shown.alternatives.length > 0) return `${advice} and these other ways to reach you: ${shown.alternatives.map((a) => `${a.label}: ${a.value}`).join('; ')}.`;
  if (shown.noOtherWay) return `${advice} and your words that there is no other way to reach you: “${shown.noOtherWay}”`;
  return `${advice}, and no other way to reach you: none is set (Program screen).`;
}
