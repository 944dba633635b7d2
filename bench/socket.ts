import WebSocket from 'ws';

/** The `type` of a frame without parsing it: every frame here is JSON that starts with `{"type":"`. */
export function frameType(text: string): string {
  return text.startsWith('{"type":"') ? text.slice(9, text.indexOf('"', 9)) : '';
}

export type ParsedFrame = { type: string } & Record<string, unknown>;

/**
 * One client socket of the load process. While setting up it keeps the frames it receives, so a
 * step can wait for one (the staff `queue` frames, large and many, are only counted). During a
 * phase a listener gets the raw text instead, and nothing is parsed or kept.
 */
export class BenchSocket {
  listener: ((text: string) => void) | null = null;
  queueFrames = 0;
  queueBytes = 0;
  lastQueueAt = 0;
  closeCode: number | null = null;
  private frames: ParsedFrame[] = [];
  private waiters: Array<{ match: (f: ParsedFrame) => boolean; resolve: (f: ParsedFrame) => void }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => this.onData(isBinary ? '' : data.toString()));
    socket.on('close', (code) => (this.closeCode = code));
    // An error is followed by close; without a handler ws would throw it.
    socket.on('error', () => {});
  }

  static connect(url: string, timeoutMs = 15_000): Promise<BenchSocket> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (socket.terminate(), reject(new Error(`no WebSocket open in ${timeoutMs} ms`))), timeoutMs);
      socket.once('open', () => (clearTimeout(timer), resolve(new BenchSocket(socket))));
      socket.once('error', (error) => (clearTimeout(timer), reject(error)));
    });
  }

  private onData(text: string): void {
    if (this.listener) return this.listener(text);
    if (frameType(text) === 'queue') {
      this.queueFrames++;
      this.queueBytes += text.length;
      this.lastQueueAt = performance.now();
      return;
    }
    const frame = JSON.parse(text) as ParsedFrame;
    this.frames.push(frame);
    this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
  }

  send(text: string): void {
    this.socket.send(text);
  }

  sendFrame(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first kept frame (already received or still to come) that matches. */
  next(match: (f: ParsedFrame) => boolean, timeoutMs = 15_000): Promise<ParsedFrame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`)),
        timeoutMs,
      );
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Kept frames that are errors (a setup step checks there are none). */
  errors(): ParsedFrame[] {
    return this.frames.filter((f) => f.type === 'error');
  }

  /** Setup is over: forget what was kept. */
  forgetFrames(): void {
    this.frames = [];
    this.waiters = [];
  }

  terminate(): void {
    this.socket.terminate();
  }
}
