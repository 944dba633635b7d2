import type { ClientFrame, KeyGrantFrame, ServerFrame } from '@lantern/protocol';
import { WS_PATH } from '@lantern/protocol/limits';

export type LinkState = 'connecting' | 'ready' | 'reconnecting';

export interface ConnectionEvents {
  /** Every server frame but `ready` and `pong`, which this module handles itself. */
  frame(frame: ServerFrame): void;
  state(state: LinkState): void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
const PING_EVERY_MS = 20_000;
// Phones switching networks can leave a socket "open" that carries nothing: notice the silence.
const SILENCE_LIMIT_MS = 50_000;

/**
 * The participant's socket: auth, resume after a drop (sync from the last seq seen) and an
 * outbox that keeps every sent message until the server acknowledges it. Resent messages keep
 * their clientId, so the server stores each once.
 */
export class Connection {
  private token: string;
  private readonly conversationId: string;
  private readonly events: ConnectionEvents;
  private socket: WebSocket | null = null;
  private isReady = false;
  private ended = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private lastSeq = 0;
  /** clientId -> ciphertext, in the order they were written (Map keeps insertion order). */
  private readonly outbox = new Map<string, string>();
  private readonly onOnline = () => {
    if (!this.socket && !this.ended) this.connect();
  };

  constructor(token: string, conversationId: string, events: ConnectionEvents) {
    this.token = token;
    this.conversationId = conversationId;
    this.events = events;
    addEventListener('online', this.onOnline);
    this.connect();
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** Queues an encrypted message; it goes now if the socket is ready, else after the next resume. */
  send(clientId: string, body: string): void {
    this.outbox.set(clientId, body);
    if (this.isReady) this.transmit({ type: 'send', conversationId: this.conversationId, clientId, body });
  }

  /** The conversation secret sealed to a staff device; not queued (a device that got nothing asks again). */
  grant(frame: KeyGrantFrame): void {
    if (this.isReady) this.transmit(frame);
  }

  /** The participant's answer about an interpreter; not queued (the server asks again after a reconnect). */
  consent(accept: boolean): boolean {
    if (this.isReady) this.transmit({ type: 'consent', conversationId: this.conversationId, accept });
    return this.isReady;
  }

  /** Stops for good. With `close`, first asks the server to end the conversation. */
  end(close: boolean): void {
    if (close && this.isReady) this.transmit({ type: 'close', conversationId: this.conversationId });
    this.ended = true;
    this.token = '';
    this.outbox.clear();
    clearTimeout(this.retryTimer);
    removeEventListener('online', this.onOnline);
    this.drop();
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.events.state(this.attempt === 0 ? 'connecting' : 'reconnecting');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws: WebSocket;
    try {
      ws = new WebSocket(scheme + '//' + location.host + WS_PATH);
    } catch {
      this.retry();
      return;
    }
    this.socket = ws;
    this.lastHeard = Date.now();
    ws.onopen = () => {
      this.lastHeard = Date.now();
      this.transmit({ type: 'auth', token: this.token });
    };
    ws.onmessage = (event) => {
      if (ws !== this.socket) return;
      this.lastHeard = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame && typeof frame.type === 'string') this.receive(frame);
    };
    ws.onclose = () => {
      if (ws !== this.socket) return;
      this.drop();
      this.retry();
    };
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.drop();
        this.retry();
      } else {
        // Before `ready` too: an interpreter's socket waits for the participant's consent without one.
        this.transmit({ type: 'ping' });
      }
    }, PING_EVERY_MS);
  }

  private receive(frame: ServerFrame): void {
    if ('conversationId' in frame && frame.conversationId !== this.conversationId) return;
    switch (frame.type) {
      case 'ready':
        this.isReady = true;
        this.attempt = 0;
        this.events.state('ready');
        // Resume: whatever was missed, then everything not yet acknowledged.
        this.transmit({ type: 'sync', conversationId: this.conversationId, afterSeq: this.lastSeq });
        this.outbox.forEach((body, clientId) =>
          this.transmit({ type: 'send', conversationId: this.conversationId, clientId, body }),
        );
        return;
      case 'pong':
        return;
      case 'message':
        if (frame.seq > this.lastSeq) this.lastSeq = frame.seq;
        this.outbox.delete(frame.clientId);
        break;
      case 'ack':
        // Not lastSeq: an earlier message from staff may still be on its way.
        this.outbox.delete(frame.clientId);
        break;
      case 'error':
        // The server refused this message for good; resending would get the same answer.
        if (frame.ref) this.outbox.delete(frame.ref);
        break;
      case 'closed':
        this.ended = true;
        break;
    }
    this.events.frame(frame);
  }

  private transmit(frame: ClientFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      // A socket that cannot send is about to close; the outbox resends after the resume.
    }
  }

  /** Forgets the current socket (its late events are ignored) and closes it. */
  private drop(): void {
    clearInterval(this.pingTimer);
    this.isReady = false;
    const ws = this.socket;
    this.socket = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = null;
      try {
        ws.close();
      } catch {
        // Already closing.
      }
    }
  }

  private retry(): void {
    if (this.ended) return;
    this.events.state('reconnecting');
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.attempt);
    this.attempt++;
    // Jitter, so many participants dropped together do not all return in the same instant.
    this.retryTimer = setTimeout(() => this.connect(), base / 2 + Math.random() * (base / 2));
  }
}
