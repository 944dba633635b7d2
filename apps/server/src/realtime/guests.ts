/**
 * This node's staff sockets that synced a conversation they do not hold: supervisors watching or
 * joined. Messages reach them beside the holder's sockets; they stop when the member leaves, takes
 * the conversation over or receives it (a `staff-left` event), or when it closes.
 */
export class GuestSockets<C> {
  /** Conversation id → socket → the member behind it. */
  private readonly byConversation = new Map<string, Map<C, string>>();

  add(conversationId: string, client: C, staffId: string): void {
    const guests = this.byConversation.get(conversationId) ?? new Map<C, string>();
    guests.set(client, staffId);
    this.byConversation.set(conversationId, guests);
  }

  /** The guest sockets of a conversation, less its holder's (who get it as the holder). */
  of(conversationId: string, holder: string | null): C[] {
    const guests = this.byConversation.get(conversationId);
    if (!guests) return [];
    return [...guests].filter(([, staffId]) => staffId !== holder).map(([client]) => client);
  }

  /** Removes one member's sockets from a conversation and returns them. */
  leave(conversationId: string, staffId: string): C[] {
    const guests = this.byConversation.get(conversationId);
    if (!guests) return [];
    const gone = [...guests].filter(([, id]) => id === staffId).map(([client]) => client);
    for (const client of gone) guests.delete(client);
    if (guests.size === 0) this.byConversation.delete(conversationId);
    return gone;
  }

  end(conversationId: string): void {
    this.byConversation.delete(conversationId);
  }

  /** A socket closed: it is nobody's guest any more. */
  drop(client: C, conversationIds: Iterable<string>): void {
    for (const id of conversationIds) {
      const guests = this.byConversation.get(id);
      guests?.delete(client);
      if (guests?.size === 0) this.byConversation.delete(id);
    }
  }
}
