import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, type LinkState } from '../src/connection';

/** Just enough of a browser WebSocket to drive the connection by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    if (this.closed) throw new Error('closed');
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  // Test side
  open() {
    this.onopen?.();
  }
  frame(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.closed = true;
    this.onclose?.();
  }
  types() {
    return this.sent.map((f) => f.type);
  }
}

const CONVERSATION = '0b6f3a52-7c1e-4d2a-9f4e-2a1b3c4d5e6f';
const TOKEN = 'T'.repeat(43);
const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

let states: LinkState[];
let frames: { type: string }[];
const connect = () =>
  new Connection(TOKEN, CONVERSATION, { frame: (f) => frames.push(f), state: (s) => states.push(s) });

/** Opens the newest socket and lets the server answer the auth. */
function authenticate() {
  latest().open();
  latest().frame({ type: 'ready', role: 'participant' });
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
  states = [];
  frames = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { protocol: 'https:', host: 'chat.example' });
  vi.stubGlobal('addEventListener', vi.fn());
  vi.stubGlobal('removeEventListener', vi.fn());
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Connection', () => {
  it('authenticates first, and sends nothing else until the server is ready', () => {
    const connection = connect();
    expect(latest().url).toBe('wss://chat.example/ws');
    connection.send('11111111-1111-4111-8111-111111111111', 'body1');
    latest().open();
    expect(latest().sent).toEqual([{ type: 'auth', token: TOKEN }]);
    latest().frame({ type: 'ready', role: 'participant' });
    expect(latest().sent.slice(1)).toEqual([
      { type: 'sync', conversationId: CONVERSATION, afterSeq: 0 },
      { type: 'send', conversationId: CONVERSATION, clientId: '11111111-1111-4111-8111-111111111111', body: 'body1' },
    ]);
    expect(states).toEqual(['connecting', 'ready']);
  });

  it('after a drop: resumes from the last message seen and resends what was not acknowledged, same ids', () => {
    const connection = connect();
    authenticate();
    connection.send('aaaaaaaa-0000-4000-8000-000000000001', 'acked');
    connection.send('aaaaaaaa-0000-4000-8000-000000000002', 'lost');
    latest().frame({ type: 'message', conversationId: CONVERSATION, seq: 3, clientId: 'bbbbbbbb-0000-4000-8000-000000000000', sender: 'staff', body: 'x', sentAt: '' });
    latest().frame({ type: 'ack', conversationId: CONVERSATION, clientId: 'aaaaaaaa-0000-4000-8000-000000000001', seq: 7 });
    latest().drop();
    expect(states.at(-1)).toBe('reconnecting');
    connection.send('aaaaaaaa-0000-4000-8000-000000000003', 'offline');

    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
    authenticate();
    expect(latest().sent).toEqual([
      { type: 'auth', token: TOKEN },
      // An ack's seq is not a resume point: an earlier staff message may still be on its way.
      { type: 'sync', conversationId: CONVERSATION, afterSeq: 3 },
      { type: 'send', conversationId: CONVERSATION, clientId: 'aaaaaaaa-0000-4000-8000-000000000002', body: 'lost' },
      { type: 'send', conversationId: CONVERSATION, clientId: 'aaaaaaaa-0000-4000-8000-000000000003', body: 'offline' },
    ]);
    expect(frames.map((f) => f.type)).toEqual(['message', 'ack']);
  });

  it('an echoed message counts as delivered, even when its ack was lost', () => {
    const connection = connect();
    authenticate();
    connection.send('aaaaaaaa-0000-4000-8000-000000000001', 'mine');
    latest().frame({ type: 'message', conversationId: CONVERSATION, seq: 1, clientId: 'aaaaaaaa-0000-4000-8000-000000000001', sender: 'participant', body: 'mine', sentAt: '' });
    latest().drop();
    vi.advanceTimersByTime(500);
    authenticate();
    expect(latest().types()).toEqual(['auth', 'sync']);
  });

  it('backs off from 0.5 s, doubling with jitter, to at most 10 s', () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    connect();
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = FakeSocket.all.length;
      latest().drop();
      let waited = 0;
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000, 10000]);
    vi.spyOn(Math, 'random').mockReturnValue(0);
    latest().drop();
    vi.advanceTimersByTime(4999);
    expect(FakeSocket.all).toHaveLength(9);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(10);
  });

  it('stops for good when the conversation is closed', () => {
    connect();
    authenticate();
    latest().frame({ type: 'closed', conversationId: CONVERSATION, by: 'staff' });
    latest().drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(frames.map((f) => f.type)).toEqual(['closed']);
  });

  it('end(true) asks the server to close, then closes the socket and never reconnects', () => {
    const connection = connect();
    authenticate();
    const socket = latest();
    connection.end(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'close', conversationId: CONVERSATION });
    expect(socket.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('replaces a socket that has gone silent', () => {
    connect();
    authenticate();
    vi.advanceTimersByTime(20_000);
    expect(latest().types().at(-1)).toBe('ping');
    vi.advanceTimersByTime(40_000);
    expect(FakeSocket.all[0]!.closed).toBe(true);
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('pings before ready too (an interpreter waits for consent), and answers about an interpreter only once ready', () => {
    const connection = connect();
    latest().open();
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(20_000);
      latest().frame({ type: 'pong' });
    }
    expect(FakeSocket.all).toHaveLength(1);
    expect(latest().types()).toEqual(['auth', 'ping', 'ping', 'ping', 'ping']);
    expect(connection.consent(true)).toBe(false);
    latest().frame({ type: 'ready', role: 'participant' });
    expect(connection.consent(false)).toBe(true);
    expect(latest().sent.at(-1)).toEqual({ type: 'consent', conversationId: CONVERSATION, accept: false });
  });

  it('ignores frames for another conversation', () => {
    connect();
    authenticate();
    latest().frame({ type: 'closed', conversationId: 'ffffffff-0000-4000-8000-000000000000', by: 'staff' });
    expect(frames).toEqual([]);
  });
});
