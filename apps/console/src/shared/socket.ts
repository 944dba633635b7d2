import { signal } from '@preact/signals';
import type { ClientFrame, SendFrame, ServerFrame } from '@lantern/protocol';
import { WS_PATH } from '@lantern/protocol/limits';

export type ConnectionState = 'offline' | 'connecting' | 'open' | 'reconnecting';
export const connection = signal<ConnectionState>('offline');

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const PING_EVERY_MS = 20_000;
/** No frame at all for this long means the link is dead even if the socket has not noticed. */
const SILENCE_LIMIT_MS = 45_000;

interface Handlers {
  /** Every frame from the server. `ready` is delivered before the outbox is resent. */
  onFrame(frame: ServerFrame): void;
  /** The server ended the session for inactivity: reconnecting would be refused. */
  onIdle(): void;
}

/** The server's close for a staff session ended by the idle time-out (policy violation, reason `idle`). */
const IDLE_CLOSE = { code: 1008, reason: 'idle' } as const;

let socket: WebSocket | null = null;
let token: string | null = null;
let handlers: Handlers | null = null;
let backoff = MIN_BACKOFF_MS;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pingTimer: ReturnType<typeof setInterval> | undefined;
let lastHeard = 0;
let ready = false;

/** Messages sent but not yet acknowledged, in send order; resent with the same clientIds after a reconnect. */
const outbox = new Map<string, SendFrame>();

export function connect(sessionToken: string, frameHandlers: Handlers): void {
  disconnect();
  token = sessionToken;
  handlers = frameHandlers;
  backoff = MIN_BACKOFF_MS;
  open('connecting');
}

function open(state: ConnectionState): void {
  const auth = token;
  if (!auth) return;
  connection.value = state;
  ready = false;
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WS_PATH}`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => {
    lastHeard = Date.now();
    ws.send(JSON.stringify({ type: 'auth', token: auth } satisfies ClientFrame));
  };
  ws.onmessage = (event) => {
    if (socket !== ws) return;
    lastHeard = Date.now();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(event.data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'ready') {
      ready = true;
      backoff = MIN_BACKOFF_MS;
      connection.value = 'open';
      handlers?.onFrame(frame);
      for (const pending of outbox.values()) ws.send(JSON.stringify(pending));
      return;
    }
    if (frame.type === 'ack') outbox.delete(frame.clientId);
    handlers?.onFrame(frame);
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    socket = null;
    ready = false;
    if (event.code === IDLE_CLOSE.code && event.reason === IDLE_CLOSE.reason) return handlers?.onIdle();
    scheduleReconnect();
  };
  // An error is always followed by close; reconnecting happens there.
  ws.onerror = () => {};
  clearInterval(pingTimer);
  pingTimer = setInterval(() => {
    if (socket !== ws) return;
    if (Date.now() - lastHeard > SILENCE_LIMIT_MS) {
      ws.close();
      return;
    }
    if (ready) ws.send(JSON.stringify({ type: 'ping' } satisfies ClientFrame));
  }, PING_EVERY_MS);
}

function scheduleReconnect(): void {
  if (!token) return;
  connection.value = 'reconnecting';
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => open('reconnecting'), backoff);
  backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
}

/** Sends a frame now if connected; returns false when it could not go (claim and close are not queued). */
export function send(frame: ClientFrame): boolean {
  if (!socket || !ready || socket.readyState !== WebSocket.OPEN) return false;
  socket.send(JSON.stringify(frame));
  return true;
}

/** Queues a message until the server acknowledges it; it goes now if connected, else after the reconnect. */
export function sendMessage(frame: SendFrame): void {
  outbox.set(frame.clientId, frame);
  send(frame);
}

/** The server committed this message (its echo arrived, say, before the ack after a reconnect). */
export const settle = (clientId: string) => outbox.delete(clientId);

/** Drops queued messages of a conversation that has closed. */
export function dropOutbox(conversationId: string): void {
  for (const [clientId, frame] of outbox) if (frame.conversationId === conversationId) outbox.delete(clientId);
}

// Back online: retry now rather than at the end of a long back-off.
addEventListener('online', () => {
  if (token && !socket) {
    clearTimeout(retryTimer);
    open('reconnecting');
  }
});

export function disconnect(): void {
  token = null;
  handlers = null;
  clearTimeout(retryTimer);
  clearInterval(pingTimer);
  outbox.clear();
  const ws = socket;
  socket = null;
  ready = false;
  ws?.close();
  connection.value = 'offline';
}
