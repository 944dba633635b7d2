/*
 * Everything a chat needs once it starts, as one chunk that main.ts loads after "Start a chat"
 * (or at a resumed reload): the first screen, and its Exit, come before any of it.
 */
export { runChat, type RunningChat } from './chat';
export { endConversation, StartError, startConversation, type Conversation } from './conversation';
export { beginPreChat, closingNotice } from './prechat';
