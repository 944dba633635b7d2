import type { ConversationSummary } from '@lantern/protocol';
import { readPreChatAnswers } from '@lantern/protocol/pre-chat';
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
              <strong>They said this device is not safe to chat on right now.</strong> They were shown the advice for an unsafe
              device, and the program's other ways to reach you if any are set (Program screen), and chose to carry on here.
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
