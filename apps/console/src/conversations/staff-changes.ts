import type { ChatMessage, ConversationNotice } from './conversations';

/**
 * Who wrote a line, in the words of the member reading the log: their own lines are "You", anyone
 * else's carry the name of the member who wrote them (after a transfer, a join or a take-over too).
 */
export function writerLabel(message: ChatMessage, myId: string | undefined): string {
  if (message.sender === 'participant') return 'Participant';
  if (message.sender === 'interpreter') return 'Interpreter';
  if (message.mine) return 'You';
  if (message.author) return message.author.id === myId ? 'You' : message.author.displayName;
  return 'Staff';
}

/** One line in the log where who is writing changed, as this member sees it. */
export function staffChangeWords(notice: ConversationNotice): string {
  switch (notice.notice) {
    case 'arrived':
      return `Transferred to you by ${notice.name ?? 'a colleague'} here: the participant was told they are now talking with a different advocate.`;
    case 'took_over':
      return 'You took over here: the participant was told they are now talking with a different advocate.';
    case 'transferred':
      if (notice.toMe) return 'The conversation came to you here: the participant was told they are now talking with a different advocate.';
      return 'Another member holds the conversation from here: the participant was told they are now talking with a different advocate.';
    case 'supervisor_joined':
      return notice.toMe ? 'You joined here: the participant was told a supervisor joined.' : 'A supervisor joined here: the participant was told.';
    case 'interpreter_joined':
      return 'The interpreter joined here, with the participant’s agreement.';
    case 'interpreter_left':
      return 'The interpreter left here.';
    case 'inactivity_warning':
      return '';
  }
}
