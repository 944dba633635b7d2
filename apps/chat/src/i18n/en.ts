/** English: the reference catalog. Every other catalog has exactly these keys (the type checker enforces it). */
export const en = {
  languageName: 'English',
  languageLabel: 'Language',

  exit: 'Exit',
  exitHint: 'To leave this page quickly, press Exit or press the Shift key 3 times.',
  exitPressMore: '{remaining, plural, one {Press Shift # more time to leave this page.} other {Press Shift # more times to leave this page.}}',
  exitLeaving: 'Leaving this page.',

  intro1: 'Chat here, in writing, with a trained advocate. You do not need to give your name or make an account.',
  intro2: 'The chat is end-to-end encrypted: only you and the program’s staff can read it.',
  intro3: 'When the chat ends, it is erased from this page and from the program’s server.',
  intro4: 'You can skip any question and stop at any time.',
  intro5: 'If someone may be checking this device, you may want to use another one.',
  resumeOn: 'If this page reloads, the chat carries on until it ends or you close this tab.',
  startButton: 'Start a chat',
  starting: 'Starting a secure chat…',

  startFailedHeading: 'The chat could not start',
  startFailed:
    '{reason, select, network {We could not reach the chat. Please check your internet connection and try again.} busy {There have been too many tries from here. Please wait a few minutes and try again.} unavailable {The chat is not available right now. Please try again later.} unsupported {This browser cannot open an encrypted chat. Please try an up-to-date browser.} untrusted {This chat could not be started safely: the server offered an encryption key that does not match the one on our website. Please use another way to reach us, and tell us if you can.} other {Something went wrong on our side. Please try again.}}',
  tryAgain: 'Try again',

  alternativesHeading: 'Other ways to reach us',

  lineClosedHeading: 'Chat is closed right now',
  lineOpensAt: 'Chat opens again on {when} (your local time).',
  lineClosedLater: 'Please try again later.',
  lineInterruptedHeading: 'Chat is interrupted',
  lineInterrupted: 'Chat is not available for now. Please try again later.',
  bannerClosed: 'The chat line has now closed. This chat stays open for now: the program’s staff will tell you here what happens next.',
  bannerInterrupted: 'The chat service is interrupted. This chat stays open for now: the program’s staff will tell you here what happens next.',

  connecting: 'Connecting…',
  waiting: 'Waiting for an advocate…',
  joined: '{named, select, yes {{name} has joined the chat.} other {An advocate has joined the chat.}}',
  reconnecting: 'Reconnecting… Your messages will be sent when the connection is back.',
  staffChange:
    '{change, select, transferred {{named, select, yes {You are now talking with {name}.} other {You are now talking with a different advocate.}}} other {{named, select, yes {{name}, a supervisor, has joined the chat.} other {A supervisor has joined the chat.}}}}',
  outOfOrder: 'A message in this chat may be missing or out of order: it did not arrive as it was written. Ask the advocate to repeat anything that seems missing.',
  inactivityWarning: 'Nothing has been written here for a while. To keep this chat open, send a message before {time}.',

  logLabel: 'Conversation',
  you: 'You',
  advocate: 'Advocate',
  interpreter: 'Interpreter',
  interpreterNamed: '{name} (interpreter)',
  interpreterAsk: 'An interpreter is ready to join this chat. They would read and write here from now on. Do you agree?',
  interpreterYes: 'Yes',
  interpreterNo: 'No',
  interpreterJoined: 'The interpreter has joined the chat.',
  interpreterLeft: 'The interpreter has left the chat.',
  sending: 'Sending…',
  notSent: 'Not sent: {reason}',
  unreadable: 'This message could not be opened.',
  cwRenew: 'Choose a new code word: it replaces your old one for this reference. Skip if you did not ask for this.',
  cwChoose: 'Choose a code word you will remember: next time, it lets the advocate check that it is you.',
  cwReference: 'Your reference: {reference}. You will be asked for it next time.',
  cwAsk: 'The advocate asks for your code word, to check that it is you.',
  cwLabel: 'Code word',
  cwSend: 'Send code word',
  cwSkip: 'Not now',
  cwSaved: 'Code word saved. Your reference: {reference}.',

  messageLabel: 'Message',
  send: 'Send',
  empty: 'Please write a message first.',
  sendFailed: 'This message could not be sent. Please try again.',
  tooLong: '{max, plural, one {This message is too long (over # character). Please split it into shorter ones.} other {This message is too long (over # characters). Please split it into shorter ones.}}',

  endChat: 'End chat',
  endQuestion: 'End this chat? It will be erased and cannot be opened again.',
  endConfirm: 'Yes, end the chat',
  endCancel: 'Keep chatting',

  closedHeading: 'This chat has ended',
  closedErased: 'The conversation has been erased from this page and from the program’s server. Nothing of it was saved on this device.',
  historyHeading: 'Clearing this browser’s history',
  historyWhy: 'This browser’s history still shows that this page was opened. To be safer, you can remove it.',
  historySteps:
    '{browser, select, chrome {In Chrome, open the menu (⋮), choose History, find this page and choose Remove (or Delete browsing data to clear everything).} edge {In Edge, open the menu (…), choose History, find this page and choose Delete (or Delete browsing data to clear everything).} firefox {In Firefox, open the menu (☰ or ⋮), choose History, find this page, then press and hold it (or right-click it) and choose Delete.} safari {In Safari, open History (the book icon on iPhone and iPad, the History menu on a Mac), find this page, then swipe left on it or right-click it and choose Delete.} samsung {In Samsung Internet, open the menu (☰), choose History, press and hold this page and choose Delete.} other {Open your browser’s menu, choose History, find this page and delete it.}}',
  historyCaution: 'Clearing all of your history can itself be noticed; removing only this page is less visible.',
  privateNext: 'Next time, a private or incognito window keeps less on this device.',
  reloadedHeading: 'If you were chatting, that chat has ended',
  reloaded: 'A chat cannot come back after this page reloads: that keeps it off this device. The program’s staff are told when the page closes. You can start a new chat.',
  aboutLink: 'How this chat works and what we keep',
  noticeFailed: 'This did not go through. Please check your connection and try again.',
};

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
