import type { ChildProcess } from 'node:child_process';
import type { RunSecrets } from './lantern-accounts';
import type { DrainLimits, PhaseResult } from './phase';

/** The requests run.ts makes of the load process, and what each answers. */
export type LoadRequest =
  | { kind: 'lantern-accounts'; url: string; setupToken: string; advocates: number }
  | { kind: 'lantern-conversations'; url: string; wsUrl: string; conversations: number; perAdvocate: number; claimFromEachSocket: boolean }
  | { kind: 'relay-pairs'; url: string; conversations: number }
  | { kind: 'phase'; target: 'lantern' | 'relay'; rate: number; seconds: number; drain: DrainLimits; pid: number; verify: number }
  | { kind: 'close'; target: 'lantern' | 'relay' }
  /** --keep-data: close every Lantern conversation as people do, and hand over the run's secrets. */
  | { kind: 'close-conversations' }
  | { kind: 'secrets' }
  /** Open (or close again) idle authenticated sockets, to weigh a connection. */
  | { kind: 'idle-sockets'; wsUrl: string; count: number }
  | { kind: 'close-idle-sockets' };

export interface SetupReport {
  sockets: number;
  seconds: number;
  /** Staff `queue` frames the load process received while setting up (the queue refresh fan-out). */
  queueFrames: number;
  queueBytes: number;
}

export type LoadReply<R extends LoadRequest> = R extends { kind: 'phase' }
  ? PhaseResult
  : R extends { kind: 'close' | 'close-idle-sockets' }
    ? null
    : R extends { kind: 'close-conversations' }
      ? number
      : R extends { kind: 'secrets' }
        ? RunSecrets
        : SetupReport;

type Envelope = { id: number; request: LoadRequest };
type Answer = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** run.ts side: one request at a time, each bounded in time. */
export function loadClient(child: ChildProcess) {
  let nextId = 1;
  const pending = new Map<number, (answer: Answer) => void>();
  child.on('message', (message: Answer) => pending.get(message.id)?.(message));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`the load process exited (${code ?? signal})`))),
  );
  exited.catch(() => {});
  return async function call<R extends LoadRequest>(request: R, timeoutMs: number): Promise<LoadReply<R>> {
    const id = nextId++;
    const answer = new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the load process did not answer '${request.kind}' in ${timeoutMs} ms`)), timeoutMs);
      pending.set(id, (value) => (clearTimeout(timer), resolve(value)));
    });
    child.send({ id, request } satisfies Envelope);
    try {
      const reply = await Promise.race([answer, exited]);
      if (!reply.ok) throw new Error(`load process: ${reply.error}`);
      return reply.value as LoadReply<R>;
    } finally {
      pending.delete(id);
    }
  };
}

/** Load-process side: answers each request with what `handle` returns or throws. */
export function serveRequests(handle: (request: LoadRequest) => Promise<unknown>): void {
  process.on('message', (message: Envelope) => {
    handle(message.request).then(
      (value) => process.send!({ id: message.id, ok: true, value: value ?? null } satisfies Answer),
      (error: Error) => process.send!({ id: message.id, ok: false, error: error.stack ?? String(error) } satisfies Answer),
    );
  });
  // When run.ts goes away, so does this process.
  process.on('disconnect', () => process.exit(0));
}
