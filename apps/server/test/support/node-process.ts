import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

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

/** One real server node as its own process, as production runs it. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private starting: Promise<void> = Promise.resolve();
  stdout = '';

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get setupToken(): string | null {
    return /#setup=([A-Za-z0-9_-]{43})/.exec(this.stdout)?.[1] ?? null;
  }

  /** Starts the node; `ready()` waits for the latest start, for callers that started it in the background. */
  start(): Promise<void> {
    this.starting = this.launch();
    return this.starting;
  }

  ready(): Promise<void> {
    return this.starting;
  }

  private async launch(): Promise<void> {
    this.stdout = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(this.port), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk) => (this.stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (this.stdout += String(chunk)));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`node exited: ${this.stdout}`);
      const ok = await fetch(`${this.url}/healthz`).then((r) => r.ok, () => false);
      // The setup line is printed after listen; wait for it so setupToken is readable.
      if (ok && /Lantern is running/.test(this.stdout)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`node did not become healthy: ${this.stdout}`);
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
