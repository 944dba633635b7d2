import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../bench/children';

/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary directory), so the test owns its
 * data directory as an operator owns theirs. PostgreSQL refuses root: as root it runs as `postgres`.
 */

export interface Cluster {
  dataDir: string;
  url: string;
  stop(): Promise<void>;
  remove(): void;
}

const asRoot = process.getuid?.() === 0;
const run = (command: string, args: string[]) => (asRoot ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args]);

export function postgresBin(): string | null {
  if (!existsSync('/usr/lib/postgresql')) return null;
  const versions = readdirSync('/usr/lib/postgresql', { withFileTypes: true }).map((d) => d.name).sort((a, b) => Number(b) - Number(a));
  return versions.length ? `/usr/lib/postgresql/${versions[0]}/bin` : null;
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  const parent = mkdtempSync(join(tmpdir(), 'lantern-cluster-'));
  const dataDir = join(parent, 'data');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(parent, id('-u'), id('-g'));
  }
  const [initdb, ...initArgs] = run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  execFileSync(initdb!, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [postgres, ...args] = run(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', parent]);
  const child: ChildProcess = spawn(postgres!, args, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the test cluster did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    dataDir,
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // runuser does not pass signals on: the postmaster itself gets SIGINT (fast shutdown).
      process.kill(Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]), 'SIGINT');
      await exited;
    },
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}
