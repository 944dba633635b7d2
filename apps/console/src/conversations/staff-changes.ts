import { isParticipantName } from '@lantern/protocol/participant-name';
import type { ChatMessage, ConversationNotice } from './conversations';

/**
 * Who wrote a line, in the words of the member reading the log: their own lines are "You", anyone
 * else's carry the name of the member who wrote them (after a transfer, a join or a take-over too).
 */
export function writerLabel(message: ChatMessage, myId: string | undefined): string {
  if (message.sender === 'participant') return 'Participant';
  // The name an interpreter gave travels inside their message; the server never knows it.
  if (message.sender === 'interpreter') return message.from && isParticipantName(message.from) ? `Interpreter (${message.from})` : 'Interpreter';
  if (message.mine) return 'You';
  if (message.author) return message.author.id === myId ? 'You' : message.author.displayName;
  return 'Staff';
}

/** What the participant's page said, with the name it gave them. */
const nowTalking = (told: string | undefined) => `the participant was told they are now talking with ${told ? `“${told}”` : 'a different advocate'}`;

/** One line in the log where who is writing changed, as this member sees it. */
export function staffChangeWords(notice: ConversationNotice): string {
  switch (notice.notice) {
    case 'arrived':
      return `Transferred to you by ${notice.name ?? 'a colleague'} here: ${nowTalking(notice.told)}.`;
    case 'took_over':
      return `You took over here: ${nowTalking(notice.told)}.`;
    case 'transferred':
      if (notice.toMe) return `The conversation came to you here: ${nowTalking(notice.told)}.`;
      return `Another member holds the conversation from here: ${nowTalking(notice.told)}.`;
    case 'supervisor_joined': {
      const joined = notice.told ? `“${notice.told}” joined` : 'a supervisor joined';
      return notice.toMe ? `You joined here: the participant was told ${joined}.` : `A supervisor joined here: the participant was told ${joined}.`;
    }
    case 'interpreter_joined':
      return 'The interpreter joined here, with the participant’s agreement.';
    case 'interpreter_left':
      return 'The interpreter left here.';
    case 'inactivity_warning':
      return '';
  }
}
