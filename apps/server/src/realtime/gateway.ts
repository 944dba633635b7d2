import type { FastifyBaseLogger } from 'fastify';
import { parseClientFrame, type ClientFrame, type MessageFrame, type ServerFrame } from '@lantern/protocol';
import type { WebSocket } from 'ws';
import type { Bus, BusEvent } from '../bus/bus';
import { ConversationError } from '../conversations/conversation-error';
import type { Actor, ConversationService } from '../conversations/service';
import type { Limits } from '../config';
import { TokenBucket } from '../limits/token-bucket';
import { GuestSockets } from './guests';
import { WindowedCounter } from '../limits/windowed-counter';
import type { Accounts } from '../staff/accounts';
import type { InterpreterService } from '../interpreters/service';
import { hashToken } from '../tokens';
import { drained, SOCKET_BOUNDS, unsent } from './backpressure';
import { ackSeconds, messagesAcked, secondsSince } from '../metrics/instruments';

const AUTH_TIMEOUT_MS = 10_000;
/** A socket that answers no ping within a round (HEARTBEAT_SECONDS, 30 s) is gone: a cut network leaves no close. */
const DEFAULT_HEARTBEAT_MS = 30_000;
/** The round is spread over ticks: pinging 20,000 sockets at once stalled the server for 215 ms (docs/performance.md). */
const HEARTBEAT_TICKS_PER_ROUND = 30;
/** WebSocket close codes: policy violation; going away for a restart, so reconnect elsewhere. */
const POLICY = 1008;
const RESTARTING = 1012;

interface Client {
  socket: WebSocket;
  actor: Actor | null;
  /** Staff: the session behind this socket, so sign-out and expiry can close it. */
  sessionHash: string | null;
  expiry: NodeJS.Timeout | null;
  frames: TokenBucket;
  alive: boolean;
  /** Staff: the conversations this socket has synced, and so receives live. */
  conversations: Set<string>;
  /** Frames of one socket are handled one after another, so a client's messages keep their order. */
  queue: Promise<void>;
  /** Frames received and not yet handled: a client that asks without reading its replies piles them up. */
  pending: number;
}

/**
 * The sockets of this node. Frames go to the domain; what the domain commits comes back
 * through the bus (from any node) and goes out to the sockets that may see it.
 */
export class Gateway {
  private readonly participants = new Map<string, Set<Client>>();
  private readonly staff = new Map<string, Set<Client>>();
  /** Supervisors' sockets in conversations they watch or joined. */
  private readonly guests = new GuestSockets<Client>();
  /** Interpreter sockets by conversation: they get its messages once admitted (synced). */
  private readonly interpreterClients = new Map<string, Set<Client>>();
  private queueRefresh: Promise<void> | null = null;
  private queueDirty = false;
  private readonly unsubscribe: () => void;
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  /** The clients still to be checked in this heartbeat round, and how many of them each tick takes. */
  private round: Client[] = [];
  private roundPerTick = 0;
  private tick = 0;
  private readonly conversationMessages: WindowedCounter;
  /** Shutting down: consoles move to another node, so their members stay available. */
  private draining = false;

  constructor(
    private readonly conversations: ConversationService,
    private readonly accounts: Accounts,
    private readonly bus: Bus,
    private readonly log: FastifyBaseLogger,
    private readonly limits: Limits,
    private readonly interpreters: InterpreterService,
    /** Told when a staff session has no socket left on this node. */
    private readonly onConsoleClosed: (sessionHash: string) => Promise<void> = async () => {},
    heartbeatMs = DEFAULT_HEARTBEAT_MS,
    /** Seconds a participant's page may stay closed before the console offers to end the chat. */
    private readonly presenceGraceSeconds = 120,
  ) {
    this.unsubscribe = bus.subscribe((event) => this.onBusEvent(event));
    // Per node: a conversation's two sides are usually on one node; the cap is about floods, not accounting.
    this.conversationMessages = new WindowedCounter(limits.conversationMessagesPerMinute, 60_000);
    this.heartbeat = setInterval(() => this.checkAlive(), heartbeatMs / HEARTBEAT_TICKS_PER_ROUND);
    this.heartbeat.unref();
  }

  /** Open sockets on this node by who authenticated them (metrics); `unauthenticated` before the auth frame. */
  socketsByRole(): Record<Actor['role'] | 'unauthenticated', number> {
    const counts = { participant: 0, staff: 0, interpreter: 0, unauthenticated: 0 };
    for (const client of this.clients) counts[client.actor?.role ?? 'unauthenticated'] += 1;
    return counts;
  }

  accept(socket: WebSocket): void {
    const client: Client = {
      socket,
      actor: null,
      sessionHash: null,
      expiry: null,
      frames: new TokenBucket(this.limits.socketFramesPerSecond, this.limits.socketFrameBurst),
      alive: true,
      conversations: new Set(),
      queue: Promise.resolve(),
      pending: 0,
    };
    this.clients.add(client);
    const authTimer = setTimeout(() => {
      if (!client.actor) socket.close(POLICY, 'authenticate first');
    }, AUTH_TIMEOUT_MS);
    socket.on('pong', () => (client.alive = true));
    socket.on('message', (data, isBinary) => {
      if (!client.frames.take()) {
        this.send(client, { type: 'error', code: 'rate_limited', message: 'Too many frames: this connection is closed.' });
        socket.close(POLICY, 'too many frames');
        return;
      }
      // Its replies wait for it to read (a paged sync), so what it sends meanwhile would pile up here.
      // A client that reads may burst (resends after a reconnect): only one that lets replies pile up is closed.
      if (client.pending >= SOCKET_BOUNDS.pendingFrames && unsent(socket) >= SOCKET_BOUNDS.lowWater) {
        socket.close(POLICY, 'not reading: too many requests waiting for their replies');
        return;
      }
      client.pending++;
      client.queue = client.queue
        .then(() => this.onFrame(client, isBinary ? null : data.toString()))
        .finally(() => client.pending--);
    });
    socket.on('close', () => {
      clearTimeout(authTimer);
      if (client.expiry) clearTimeout(client.expiry);
      this.clients.delete(client);
      this.forget(client);
    });
    socket.on('error', () => socket.terminate());
  }

  /** Before shutdown: every client is told to reconnect, which takes it to another node. Resolves once they have gone (2 s at most). */
  async drain(): Promise<void> {
    this.draining = true;
    const gone = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          client.socket.once('close', () => resolve());
          client.socket.close(RESTARTING, 'server restarting');
        }),
    );
    await Promise.race([Promise.all(gone), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    for (const client of this.clients) client.socket.terminate();
  }

  stop(): void {
    this.draining = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
  }

  /**
   * One tick of the round: each client is pinged once a round, and dropped if its ping of the round
   * before got no pong. A round lasts its full period however few clients there are.
   */
  private checkAlive(): void {
    if (this.tick++ % HEARTBEAT_TICKS_PER_ROUND === 0) {
      this.round = [...this.clients];
      this.roundPerTick = Math.ceil(this.round.length / HEARTBEAT_TICKS_PER_ROUND);
    }
    for (const client of this.round.splice(0, this.roundPerTick)) {
      if (!this.clients.has(client)) continue;
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
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
      // A staff member at work on a socket is not idle (STAFF_IDLE_MINUTES); pings and refused frames do not count.
      if (client.sessionHash) await this.accounts.touch(client.sessionHash);
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
        const started = performance.now();
        if (!this.conversationMessages.allow(frame.conversationId)) {
          throw new ConversationError('rate_limited', 'Too many messages in a short time. Please wait a moment and send again.');
        }
        const { seq } = await this.conversations.send(actor, frame);
        this.send(client, { type: 'ack', conversationId: frame.conversationId, clientId: frame.clientId, seq });
        messagesAcked.inc({ sender: actor.role });
        ackSeconds.observe(secondsSince(started));
        return;
      }
      case 'sync': {
        const row = await this.conversations.authorize(actor, frame.conversationId, 'read');
        // Subscribe before reading, so a message committed in between arrives live or in the page, never in neither.
        client.conversations.add(frame.conversationId);
        if (actor.role === 'staff' && row.assigned_to !== actor.staffId) this.guests.add(frame.conversationId, client, actor.staffId);
        await this.sendPaged(client, actor, frame.conversationId, frame.afterSeq);
        if (actor.role !== 'interpreter') await this.sendInterpreterState(client, actor, frame.conversationId);
        return;
      }
      case 'consent':
        if (actor.role !== 'participant' || actor.conversationId !== frame.conversationId) {
          throw new ConversationError('forbidden', 'Only the participant answers for their own chat.');
        }
        return this.interpreters.consent(frame.conversationId, frame.accept);
      case 'claim':
        if (actor.role !== 'staff') throw new ConversationError('forbidden', 'Only staff answer conversations.');
        return this.conversations.claim(frame.conversationId, actor);
      case 'key_request':
        return this.conversations.requestKey(actor, frame.conversationId, frame.deviceKey);
      case 'key_grant':
        return this.conversations.grantKey(actor, frame);
      case 'escrow':
        return this.conversations.keepEscrow(actor, frame.conversationId, frame.sealed);
      case 'close':
        // An interpreter's close is their own leaving; the conversation goes on.
        if (actor.role === 'interpreter') {
          if (actor.conversationId !== frame.conversationId) throw new ConversationError('forbidden', 'Not your conversation.');
          return this.interpreters.leave(frame.conversationId);
        }
        return this.conversations.close(actor, frame.conversationId);
    }
  }

  private async authenticate(client: Client, token: string): Promise<void> {
    if (client.actor) return this.send(client, { type: 'error', code: 'conflict', message: 'already authenticated', ref: 'auth' });
    const conversation = await this.conversations.participantForToken(token);
    if (conversation) {
      client.actor = { role: 'participant', conversationId: conversation.id };
      const first = (this.participants.get(conversation.id)?.size ?? 0) === 0;
      add(this.participants, conversation.id, client);
      // A token opens a few sockets (a reload, a second tab), not as many as a visitor likes: the newest wins.
      const own = this.participants.get(conversation.id)!;
      if (own.size > SOCKET_BOUNDS.participantSockets) [...own][0]!.socket.close(POLICY, 'replaced by a newer connection');
      if (first) this.publishPresence(conversation.id, true);
      this.send(client, { type: 'ready', role: 'participant' });
      const staffName = await this.conversations.staffNameFor(conversation);
      this.send(client, { type: 'conversation', conversationId: conversation.id, status: conversation.status === 'waiting' ? 'waiting' : 'active', staffName });
      return;
    }
    const interpreter = await this.interpreters.sessionFor(token);
    if (interpreter) {
      const conversationId = interpreter.conversation_id;
      client.actor = { role: 'interpreter', conversationId, sessionHash: hashToken(token) };
      add(this.interpreterClients, conversationId, client);
      // `ready` only once the participant has agreed: until then this socket can do nothing.
      if (interpreter.state === 'joined') this.send(client, { type: 'ready', role: 'interpreter' });
      this.send(client, { type: 'interpreter', conversationId, state: interpreter.state });
      return;
    }
    const member = await this.accounts.memberForToken(token);
    if (!member) {
      this.send(client, { type: 'error', code: 'unauthorized', message: 'This session has ended.', ref: 'auth' });
      client.socket.close(POLICY, 'unauthorized');
      return;
    }
    client.actor = { role: 'staff', staffId: member.id, displayName: member.display_name };
    client.sessionHash = hashToken(token);
    // The socket lives no longer than the session behind it.
    client.expiry = setTimeout(
      () => client.socket.close(POLICY, 'session expired'),
      Math.max(0, Math.min(member.session_ends_in_ms, 2 ** 31 - 1)),
    );
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
        this.guests.end(event.conversationId);
        for (const clients of this.staff.values()) for (const client of clients) client.conversations.delete(event.conversationId);
        for (const client of this.participants.get(event.conversationId) ?? []) client.socket.close(1000, 'conversation closed');
        for (const client of this.interpreterClients.get(event.conversationId) ?? []) client.socket.close(1000, 'conversation closed');
        return;
      }
      case 'interpreter':
        this.onInterpreter(event);
        return;
      case 'queue':
        this.refreshQueues();
        return;
      case 'grants':
        for (const client of this.staff.get(event.staffId) ?? []) this.send(client, { type: 'grants' });
        return;
      case 'notice':
        this.fanOut(event.conversationId, event.assignedTo, {
          type: 'notice',
          conversationId: event.conversationId,
          notice: event.notice,
          closesAt: event.closesAt,
        });
        return;
      case 'staff-notice':
        this.fanOut(event.conversationId, event.assignedTo, { type: 'notice', conversationId: event.conversationId, notice: event.notice, name: event.name });
        return;
      case 'staff-left':
        // Their sockets keep the subscription: as the new holder (a take-over) they go on receiving.
        this.guests.leave(event.conversationId, event.staffId);
        return;
      case 'alert':
        for (const staffId of event.staffIds) for (const client of this.staff.get(staffId) ?? []) this.send(client, event.alert);
        return;
      case 'status':
        for (const client of this.clients) if (client.actor) this.send(client, { type: 'status', ...event.status });
        return;
      case 'key-request':
        // To the holder's page only: it seals the secret to the device key, which opens nothing without the program key.
        for (const client of this.participants.get(event.conversationId) ?? []) {
          this.send(client, { type: 'key_request', conversationId: event.conversationId, deviceKey: event.deviceKey });
        }
        return;
      case 'key-grant':
        this.toStaffOf(event.frame.conversationId, event.assignedTo, event.frame);
        return;
      case 'presence': {
        const frame: ServerFrame = { type: 'presence', conversationId: event.conversationId, present: event.present, since: event.since, graceSeconds: this.presenceGraceSeconds };
        // Staff sockets that opened this conversation (its holder, watchers); never a participant or interpreter.
        for (const clients of this.staff.values()) for (const client of clients) if (client.conversations.has(event.conversationId)) this.send(client, frame);
        return;
      }
      case 'staff-deactivated':
        for (const client of this.staff.get(event.staffId) ?? []) client.socket.close(POLICY, 'account deactivated');
        return;
      case 'session-ended':
        for (const client of this.clients) {
          if (client.sessionHash === event.sessionHash) client.socket.close(POLICY, event.reason === 'idle' ? 'idle' : 'signed out');
        }
        return;
    }
  }

  /**
   * To the participant's sockets and the assigned member's: messages only to the member's sockets
   * that synced this conversation (a console holding many has one socket; a load test has one per
   * conversation), news of the end to all of them.
   */
  private fanOut(conversationId: string, assignedTo: string | null, frame: ServerFrame): void {
    // Which member wrote a line is for staff only.
    const outside = frame.type === 'message' && frame.author ? withoutAuthor(frame) : frame;
    for (const client of this.participants.get(conversationId) ?? []) this.send(client, outside);
    // An interpreter gets messages once admitted and synced, and the end; program notices are not theirs.
    for (const client of this.interpreterClients.get(conversationId) ?? []) {
      if (frame.type === 'closed' || (frame.type === 'message' && client.conversations.has(conversationId))) this.send(client, outside);
    }
    // Supervisors' sockets are listed only once they synced the conversation.
    for (const client of this.guests.of(conversationId, assignedTo)) this.send(client, frame);
    if (!assignedTo) return;
    for (const client of this.staff.get(assignedTo) ?? []) {
      if (frame.type !== 'message' || client.conversations.has(conversationId)) this.send(client, frame);
    }
  }

  /** To the staff side of a conversation only: the holder's sockets and the supervisors' who synced it. */
  private toStaffOf(conversationId: string, assignedTo: string | null, frame: ServerFrame): void {
    for (const client of this.guests.of(conversationId, assignedTo)) this.send(client, frame);
    for (const client of (assignedTo && this.staff.get(assignedTo)) || []) {
      if (client.conversations.has(conversationId)) this.send(client, frame);
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

  private publishPresence(conversationId: string, present: boolean): void {
    this.bus
      .publish({ kind: 'presence', conversationId, present, since: new Date().toISOString() })
      .catch((error: Error) => this.log.error({ err: { message: error.message } }, 'presence publish failed'));
  }

  private forget(client: Client): void {
    const actor = client.actor;
    if (!actor) return;
    this.guests.drop(client, client.conversations);
    client.conversations.clear();
    if (actor.role === 'participant') {
      remove(this.participants, actor.conversationId, client);
      // The page's last socket here: the staff in the conversation see that nobody may be reading.
      if (!this.participants.has(actor.conversationId) && !this.draining) this.publishPresence(actor.conversationId, false);
    } else if (actor.role === 'interpreter') remove(this.interpreterClients, actor.conversationId, client);
    else {
      remove(this.staff, actor.staffId, client);
      const hash = client.sessionHash;
      const stillOpen = [...(this.staff.get(actor.staffId) ?? [])].some((other) => other.sessionHash === hash);
      if (hash && !stillOpen && !this.draining) this.onConsoleClosed(hash).catch((error: Error) => this.log.error({ err: { message: error.message } }, 'console close failed'));
    }
  }

  /** Where the interpreter stands, to the two sides, and its admission or end to the interpreter's own sockets. */
  private onInterpreter(event: Extract<BusEvent, { kind: 'interpreter' }>): void {
    const frame: ServerFrame = { type: 'interpreter', conversationId: event.conversationId, state: event.state };
    // The participant hears of an interpreter only once one is at the door.
    if (event.state !== 'invited') for (const client of this.participants.get(event.conversationId) ?? []) this.send(client, frame);
    if (event.assignedTo) for (const client of this.staff.get(event.assignedTo) ?? []) this.send(client, frame);
    for (const client of this.interpreterClients.get(event.conversationId) ?? []) {
      if (event.state === 'joined') this.send(client, { type: 'ready', role: 'interpreter' });
      this.send(client, frame);
      if (event.state !== 'joined' && event.state !== 'asking') client.socket.close(1000, 'interpreter out');
    }
  }

  /** After a sync: a reconnected participant is asked again, a reloaded console sees the state. */
  private async sendInterpreterState(client: Client, actor: Actor, conversationId: string): Promise<void> {
    const state = await this.interpreters.stateOf(conversationId);
    if (!state || (actor.role === 'participant' && state !== 'asking' && state !== 'joined')) return;
    this.send(client, { type: 'interpreter', conversationId, state });
  }

  /** Everything after `afterSeq`, a page at a time: each page waits until the socket has taken the one before. */
  private async sendPaged(client: Client, actor: Actor, conversationId: string, afterSeq: number): Promise<void> {
    for (;;) {
      await drained(client.socket);
      if (client.socket.readyState !== client.socket.OPEN) return;
      const page = await this.conversations.messagesAfter(actor, conversationId, afterSeq, SOCKET_BOUNDS.syncPage);
      for (const message of page) this.send(client, message);
      if (page.length < SOCKET_BOUNDS.syncPage) return;
      afterSeq = page[page.length - 1]!.seq;
    }
  }

  /** A client that lets this much go unread is closed: it resumes by `sync` when it reconnects. */
  private send(client: Client, frame: ServerFrame): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (unsent(client.socket) > SOCKET_BOUNDS.hardLimit) {
      client.socket.close(POLICY, 'not reading: too much unsent');
      return;
    }
    client.socket.send(JSON.stringify(frame));
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

function withoutAuthor(frame: MessageFrame): MessageFrame {
  const { author: _author, ...rest } = frame;
  return rest;
}
