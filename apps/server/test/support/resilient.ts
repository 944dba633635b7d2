import { randomUUID } from 'node:crypto';
import * as lc from '@lantern/crypto';
import type { MessageFrame, ServerFrame } from '@lantern/protocol';
import WebSocket from 'ws';

export interface Received {
  seq: number;
  clientId: string;
  sender: string;
  text: string;
}

/**
 * A client that behaves as the pages must: it keeps every message until its ack, reconnects
 * with back-off (to the next node in its list), resends unacknowledged messages with their
 * client ids, and resumes from the last sequence number it holds.
 */
export class ResilientClient {
  readonly received = new Map<number, Received>();
  readonly sentOrder: string[] = [];
  private readonly outbox = new Map<string, string>();
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  reconnects = 0;

  constructor(
    private readonly urls: () => string[],
    private readonly token: string,
    private readonly keys: lc.ConversationKeys,
    private readonly sender: lc.Sender,
  ) {}

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  /** The highest sequence number up to which this client holds every message. */
  get contiguousSeq(): number {
    let seq = 0;
    while (this.received.has(seq + 1)) seq++;
    return seq;
  }

  get pending(): number {
    return this.outbox.size;
  }

  async send(text: string): Promise<void> {
    const clientId = randomUUID();
    const body = await lc.encryptMessage(this.keys, this.sender, clientId, { text });
    this.outbox.set(clientId, body);
    this.sentOrder.push(clientId);
    this.transmit(clientId, body);
  }

  private transmit(clientId: string, body: string): void {
    if (this.socket?.readyState !== WebSocket.OPEN || !this.ready) return;
    this.socket.send(JSON.stringify({ type: 'send', conversationId: this.keys.conversationId, clientId, body }));
  }

  private ready = false;

  private connect(): void {
    if (this.stopped) return;
    const urls = this.urls();
    const url = urls[this.attempt % urls.length]!;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.ready = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.token })));
    socket.on('message', (data) => void this.onFrame(JSON.parse(String(data)) as ServerFrame));
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.socket !== socket || this.stopped) return;
      this.ready = false;
      this.attempt++;
      this.reconnects++;
      setTimeout(() => this.connect(), Math.min(50 * 2 ** Math.min(this.attempt, 4), 500));
    });
  }

  private async onFrame(frame: ServerFrame): Promise<void> {
    const socket = this.socket!;
    switch (frame.type) {
      case 'ready':
        this.ready = true;
        socket.send(JSON.stringify({ type: 'sync', conversationId: this.keys.conversationId, afterSeq: this.contiguousSeq }));
        for (const [clientId, body] of this.outbox) this.transmit(clientId, body);
        return;
      case 'ack':
        this.outbox.delete(frame.clientId);
        return;
      case 'message':
        return this.onMessage(frame);
      case 'error':
        if (frame.code !== 'bad_frame') return;
        throw new Error(`server refused a frame: ${frame.message}`);
    }
  }

  private async onMessage(frame: MessageFrame): Promise<void> {
    if (this.received.has(frame.seq)) return;
    const { text } = await lc.decryptMessage(this.keys, frame.sender, frame.clientId, frame.body);
    this.received.set(frame.seq, { seq: frame.seq, clientId: frame.clientId, sender: frame.sender, text });
    // Our own message came back committed: no need to resend it.
    this.outbox.delete(frame.clientId);
  }

  transcript(): Received[] {
    return [...this.received.values()].sort((a, b) => a.seq - b.seq);
  }
}

export async function until(predicate: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
