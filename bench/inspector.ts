import WebSocket from 'ws';

/**
 * A full garbage collection in a child process, so that its RSS before and after opening many
 * sockets tells what they cost: without it, garbage left by startup (PGlite's, ~300 MB) or
 * free heap left by setup makes the difference meaningless. The child was started with
 * `--inspect-port=0`; SIGUSR1 opens its inspector on 127.0.0.1 at a free port, which it prints
 * to stderr, and the DevTools protocol asks V8 to collect.
 */
export interface GcSession {
  /** Collects garbage and answers with the V8 heap's used bytes after it. */
  collect(): Promise<number>;
  close(): void;
}

export async function openGcSession(pid: number, stderr: () => string, timeoutMs = 15_000): Promise<GcSession> {
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    url = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr())?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!url) throw new Error(`pid ${pid} opened no inspector in ${timeoutMs} ms`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: no answer to ${method}`)), timeoutMs);
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== id) return;
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    async collect() {
      // Twice, a moment apart: V8 hands freed pages back to the system lazily.
      await call('HeapProfiler.collectGarbage');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await call('HeapProfiler.collectGarbage');
      return Number((await call('Runtime.getHeapUsage')).usedSize);
    },
    close: () => socket.close(),
  };
}
