import type { FastifyBaseLogger } from 'fastify';
import { parseClientFrame, type ClientFrame, type ServerFrame } from '@lantern/protocol';
import type { WebSocket } from 'ws';
import type { Bus, BusEvent } from '../bus/bus';
import { ConversationError, type Actor, type ConversationService } from '../conversations/service';
import type { Accounts } from '../staff/accounts';

const AUTH_TIMEOUT_MS = 10_000;
/** WebSocket close codes: policy violation. */
const POLICY = 1008;

interface Client {
  socket: WebSocket;
  actor: Actor | null;
  /** Staff: the conversations this socket has synced, and so receives live. */
  conversations: Set<string>;
  /** Frames of one socket are handled one after another, so a client's messages keep their order. */
  queue: Promise<void>;
}

/**
 * The sockets of this node. Frames go to the domain; what the domain commits comes back
 * through the bus (from any node) and goes out to the sockets that may see it.
 */
export class Gateway {
  private readonly participants = new Map<string, Set<Client>>();
  private readonly staff = new Map<string, Set<Client>>();
  private queueRefresh: Promise<void> | null = null;
  private queueDirty = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly conversations: ConversationService,
    private readonly accounts: Accounts,
    bus: Bus,
    private readonly log: FastifyBaseLogger,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.onBusEvent(event));
  }

  accept(socket: WebSocket): void {
    const client: Client = { socket, actor: null, conversations: new Set(), queue: Promise.resolve() };
    const authTimer = setTimeout(() => {
      if (!client.actor) socket.close(POLICY, 'authenticate first');
    }, AUTH_TIMEOUT_MS);
    socket.on('message', (data, isBinary) => {
      client.queue = client.queue.then(() => this.onFrame(client, isBinary ? null : data.toString()));
    });
    socket.on('close', () => {
      clearTimeout(authTimer);
      this.forget(client);
    });
    socket.on('error', () => socket.terminate());
  }

  stop(): void {
    this.unsubscribe();
  }

  private async onFrame(client: Client, text: string | null): Promise<void> {
    if (text === null) return this.send(client, { type: 'error', code: 'bad_frame', message: 'frames are JSON text, not binary' });
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return this.send(client, { type: 'error', code: 'bad_frame', message: parsed.message });
    const frame = parsed.frame;
    try {
      if (frame.type === 'ping') return this.send(client, { type: 'pong' });
      if (frame.type === 'auth') return await this.authenticate(client, frame.token);
      if (!client.actor) return this.send(client, { type: 'error', code: 'unauthorized', message: 'authenticate first', ref: frame.type });
      await this.handle(client, client.actor, frame);
    } catch (error) {
      const ref = frame.type === 'send' ? frame.clientId : frame.type;
      if (error instanceof ConversationError) {
        const code = error.code === 'unavailable' ? 'internal' : error.code;
        return this.send(client, { type: 'error', code, message: error.message, ref });
      }
      this.log.error({ err: { message: (error as Error).message, stack: (error as Error).stack } }, 'frame failed');
      this.send(client, { type: 'error', code: 'internal', message: 'Something went wrong on our side; try again.', ref });
    }
  }

  private async handle(client: Client, actor: Actor, frame: Exclude<ClientFrame, { type: 'auth' | 'ping' }>) {
    switch (frame.type) {
      case 'send': {
        const { seq } = await this.conversations.send(actor, frame);
        return this.send(client, { type: 'ack', conversationId: frame.conversationId, clientId: frame.clientId, seq });
      }
      case 'sync': {
        await this.conversations.authorize(actor, frame.conversationId);
        // Subscribe before reading, so a message committed in between arrives live or in the page, never in neither.
        client.conversations.add(frame.conversationId);
        for (const message of await this.conversations.messagesAfter(actor, frame.conversationId, frame.afterSeq)) {
          this.send(client, message);
        }
        return;
      }
      case 'claim':
        if (actor.role !== 'staff') throw new ConversationError('forbidden', 'Only staff answer conversations.');
        return this.conversations.claim(frame.conversationId, actor);
      case 'close':
        return this.conversations.close(actor, frame.conversationId);
    }
  }

  private async authenticate(client: Client, token: string): Promise<void> {
    if (client.actor) return this.send(client, { type: 'error', code: 'conflict', message: 'already authenticated', ref: 'auth' });
    const conversation = await this.conversations.participantForToken(token);
    if (conversation) {
      client.actor = { role: 'participant', conversationId: conversation.id };
      add(this.participants, conversation.id, client);
      this.send(client, { type: 'ready', role: 'participant' });
      const staffName = await this.conversations.staffNameFor(conversation);
      this.send(client, { type: 'conversation', conversationId: conversation.id, status: conversation.status, staffName });
      return;
    }
    const member = await this.accounts.memberForToken(token);
    if (!member) {
      this.send(client, { type: 'error', code: 'unauthorized', message: 'This session has ended.', ref: 'auth' });
      client.socket.close(POLICY, 'unauthorized');
      return;
    }
    client.actor = { role: 'staff', staffId: member.id, displayName: member.display_name };
    add(this.staff, member.id, client);
    this.send(client, { type: 'ready', role: 'staff' });
    this.send(client, { type: 'queue', conversations: await this.conversations.queueFor(member.id) });
  }

  private onBusEvent(event: BusEvent): void {
    switch (event.kind) {
      case 'message':
        this.fanOut(event.frame.conversationId, event.assignedTo, event.frame);
        return;
      case 'conversation':
        for (const client of this.participants.get(event.conversationId) ?? []) {
          this.send(client, { type: 'conversation', conversationId: event.conversationId, status: event.status, staffName: event.staffName });
        }
        return;
      case 'closed': {
        const frame: ServerFrame = { type: 'closed', conversationId: event.conversationId, by: event.by };
        this.fanOut(event.conversationId, event.assignedTo, frame);
        for (const clients of this.staff.values()) for (const client of clients) client.conversations.delete(event.conversationId);
        for (const client of this.participants.get(event.conversationId) ?? []) client.socket.close(1000, 'conversation closed');
        return;
      }
      case 'queue':
        this.refreshQueues();
        return;
      case 'grants':
        for (const client of this.staff.get(event.staffId) ?? []) this.send(client, { type: 'grants' });
        return;
    }
  }

  /**
   * To the participant's sockets and the assigned member's: messages only to the member's sockets
   * that synced this conversation (a console holding many has one socket; a load test has one per
   * conversation), news of the end to all of them.
   */
  private fanOut(conversationId: string, assignedTo: string | null, frame: ServerFrame): void {
    for (const client of this.participants.get(conversationId) ?? []) this.send(client, frame);
    if (!assignedTo) return;
    for (const client of this.staff.get(assignedTo) ?? []) {
      if (frame.type !== 'message' || client.conversations.has(conversationId)) this.send(client, frame);
    }
  }

  /**
   * Queue changes come in bursts. At most one refresh runs at a time and at most one more is
   * pending, so refreshes keep pace with their own cost, not with the number of changes.
   */
  private refreshQueues(): void {
    if (this.queueRefresh) {
      this.queueDirty = true;
      return;
    }
    this.queueRefresh = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const queues = await this.conversations.queuesFor([...this.staff.keys()]);
        for (const [staffId, clients] of this.staff) {
          const conversations = queues.get(staffId) ?? [];
          for (const client of clients) this.send(client, { type: 'queue', conversations });
        }
      })
      .catch((error: Error) => this.log.error({ err: { message: error.message } }, 'queue refresh failed'))
      .finally(() => {
        this.queueRefresh = null;
        if (this.queueDirty) {
          this.queueDirty = false;
          this.refreshQueues();
        }
      });
  }

  private forget(client: Client): void {
    const actor = client.actor;
    if (!actor) return;
    client.conversations.clear();
    if (actor.role === 'participant') remove(this.participants, actor.conversationId, client);
    else remove(this.staff, actor.staffId, client);
  }

  private send(client: Client, frame: ServerFrame): void {
    if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify(frame));
  }
}

function add(map: Map<string, Set<Client>>, key: string, client: Client): void {
  const set = map.get(key) ?? new Set<Client>();
  set.add(client);
  map.set(key, set);
}

function remove(map: Map<string, Set<Client>>, key: string, client: Client): void {
  const set = map.get(key);
  set?.delete(client);
  if (set?.size === 0) map.delete(key);
}
