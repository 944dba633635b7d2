/** Why the conversation domain refused an action; routes and the gateway turn the code into a status or an error frame. */
export class ConversationError extends Error {
  constructor(
    readonly code: 'not_found' | 'forbidden' | 'conflict' | 'closed' | 'unavailable' | 'rate_limited',
    message: string,
  ) {
    super(message);
  }
}
