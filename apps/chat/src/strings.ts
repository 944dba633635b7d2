/** Every string the participant sees, in one place so a translation can replace the object whole. */
export const strings = {
  exit: 'Exit',

  startIntro: [
    'Chat here, in writing, with a trained advocate. You do not need to give your name or make an account.',
    'The chat is end-to-end encrypted: only you and the program’s staff can read it.',
    'When the chat ends, it is erased from this page and from the program’s server.',
    'You can skip any question and stop at any time. The Exit button leaves this page at once.',
    'If someone may be checking this device, you may want to use another one.',
  ],
  startButton: 'Start a chat',
  starting: 'Starting a secure chat…',

  startFailedHeading: 'The chat could not start',
  startFailed: {
    network: 'We could not reach the chat. Please check your internet connection and try again.',
    busy: 'There have been too many tries from here. Please wait a minute and try again.',
    unavailable: 'The chat is not available right now. Please try again later.',
    unsupported: 'This browser cannot open an encrypted chat. Please try an up-to-date browser.',
    failed: 'Something went wrong on our side. Please try again.',
  },
  tryAgain: 'Try again',

  alternativesHeading: 'Other ways to reach us',

  connecting: 'Connecting…',
  waiting: 'Waiting for an advocate…',
  joined: (name: string | null) => (name ? `${name} has joined` : 'An advocate has joined'),
  reconnecting: 'Reconnecting… Your messages will be sent when the connection is back.',

  logLabel: 'Conversation',
  you: 'You',
  advocate: 'Advocate',
  interpreter: 'Interpreter',
  sending: 'Sending…',
  notSent: (reason: string) => `Not sent: ${reason}`,
  unreadable: 'This message could not be opened.',

  messageLabel: 'Message',
  send: 'Send',
  empty: 'Please write a message first.',
  sendFailed: 'This message could not be sent. Please try again.',
  tooLong: (max: number) => `This message is too long (over ${max.toLocaleString()} characters). Please split it into shorter ones.`,

  endChat: 'End chat',
  endQuestion: 'End this chat? It will be erased and cannot be opened again.',
  endConfirm: 'Yes, end the chat',
  endCancel: 'Keep chatting',

  closedHeading: 'This chat has ended',
  closedErased: 'The conversation has been erased from this page and from the program’s server.',
  closedHistory: 'To be safer, you can also clear this browser’s history.',
};

export type Strings = typeof strings;
