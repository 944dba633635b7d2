import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { withFdLimit, type FdLimit } from './fd-limit';

/** Starting and stopping the bench's child processes: the Lantern server, the bare relay, the load generator. */

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = ['--import', 'tsx'];
/** The inspector stays off; SIGUSR1 would open it on a free port (bench/inspector.ts, to weigh sockets). */
const INSPECT_ON_SIGNAL = '--inspect-port=0';

/** Every child ever started, so an error or a signal anywhere still kills them all. */
const started = new Set<ChildProcess>();

export function killAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL if it has not exited in `graceMs` (a profiled server writes its profile on exit). */
export async function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The last lines a child printed, for error messages; its output is read continuously so a full pipe never blocks it. */
class OutputTail {
  private text = '';
  constructor(private readonly keep = 8000) {}
  add(chunk: Buffer | string): void {
    this.text = (this.text + String(chunk)).slice(-this.keep);
  }
  toString(): string {
    return this.text;
  }
}

export interface ServerChild {
  child: ChildProcess;
  pid: number;
  url: string;
  wsUrl: string;
  setupToken: string;
  output: OutputTail;
  stderr: OutputTail;
}

export interface ServerOptions {
  fdLimit: FdLimit;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  profileDir: string | null;
}

/**
 * Here one address plays thousands of people, and the ramp pushes single conversations past
 * any person's pace: the per-address and per-conversation abuse caps are lifted, as the server
 * tests lift them (the checks themselves still run, so their cost is measured). A value set in
 * the environment wins.
 */
const BENCH_LIMITS = {
  LIMIT_STARTS_PER_ADDRESS: '1000000',
  LIMIT_STAFF_REQUESTS_PER_MINUTE: '1000000',
  LIMIT_SOCKET_FRAMES_PER_SECOND: '10000',
  LIMIT_SOCKET_FRAME_BURST: '10000',
  LIMIT_CONVERSATION_MESSAGES_PER_MINUTE: '100000',
};

/** The real server from its TypeScript source (node + tsx; production runs the same code compiled, apps/server/dist), on a free port with a fresh database. */
export async function startServer(options: ServerOptions): Promise<ServerChild> {
  const port = await freePort();
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const env: NodeJS.ProcessEnv = { ...BENCH_LIMITS, ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: options.dataDir };
  // Only what the caller set reaches the server: an unset DATABASE_URL means the embedded PGlite.
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.redisUrl) env.REDIS_URL = options.redisUrl;
  // A channel of its own: a shared Redis must not carry this run's events to other servers (or theirs to it).
  env.REDIS_CHANNEL = process.env.REDIS_CHANNEL ?? `lantern-bench-${randomUUID()}`;
  const [command, args] = withFdLimit(options.fdLimit, [process.execPath, INSPECT_ON_SIGNAL, ...TSX, ...profile, 'apps/server/src/main.ts']);
  const child = track(spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = new OutputTail();
  let setupToken: string | null = null;
  let seen = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output.add(chunk);
    // The one-time link is printed once, early; stop scanning once it is found.
    if (setupToken) return;
    seen = (seen + String(chunk)).slice(-4000);
    setupToken = /\/staff\/#setup=([A-Za-z0-9_-]{43})/.exec(seen)?.[1] ?? null;
  });
  const stderr = new OutputTail();
  child.stderr!.on('data', (chunk: Buffer) => (output.add(chunk), stderr.add(chunk)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (healthy && setupToken) return { child, pid: child.pid!, url, wsUrl: `ws://127.0.0.1:${port}/ws`, setupToken, output, stderr };
    if (healthy && /Lantern is running: participants/.test(String(output))) {
      throw new Error('the server printed no setup link: DATABASE_URL must name an empty database (the bench sets up a new program)');
    }
    await sleep(100);
  }
  throw new Error(`the server did not become healthy in 60 s:\n${output}`);
}

export interface RelayChild {
  child: ChildProcess;
  pid: number;
  url: string;
  stderr: OutputTail;
}

/** The bare `ws` relay (bench/relay.ts), the yardstick: it prints one line once it listens. */
export async function startRelay(fdLimit: FdLimit): Promise<RelayChild> {
  const port = await freePort();
  const [command, args] = withFdLimit(fdLimit, [process.execPath, INSPECT_ON_SIGNAL, ...TSX, 'bench/relay.ts', String(port)]);
  const child = track(spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = new OutputTail();
  const stderr = new OutputTail();
  child.stderr!.on('data', (chunk: Buffer) => (output.add(chunk), stderr.add(chunk)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay did not start in 30 s:\n${output}`)), 30_000);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the relay exited (${code}):\n${output}`))));
    child.stdout!.on('data', (chunk: Buffer) => {
      output.add(chunk);
      if (/relay listening/.test(String(output))) (clearTimeout(timer), resolve());
    });
  });
  return { child, pid: child.pid!, url: `ws://127.0.0.1:${port}`, stderr };
}

/** The load generator: its own Node process, so it never shares a core's event loop with what it measures. */
export function startLoad(fdLimit: FdLimit): ChildProcess {
  // --expose-gc: it collects before each phase, so setup's garbage is not collected mid-measurement.
  const [command, args] = withFdLimit(fdLimit, [process.execPath, '--expose-gc', ...TSX, 'bench/load.ts']);
  // Its progress goes to our stderr; our stdout ends with the one JSON line.
  return track(spawn(command, args, { cwd: ROOT, stdio: ['ignore', 2, 'inherit', 'ipc'] }));
}
