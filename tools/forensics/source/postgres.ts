import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { readAllTuples, type Row } from './heap';

/**
 * A PostgreSQL data directory (a copy), started as a private server: no TCP, a Unix socket in
 * the copy, trust for local connections, autovacuum off (it would clean what we came to read).
 * PostgreSQL refuses to run as root, so as root the copy is handed to the `postgres` user.
 */

export function postgresBinaries(dataDir: string): string | null {
  const version = readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const bin = `/usr/lib/postgresql/${version}/bin`;
  return existsSync(join(bin, 'postgres')) ? bin : null;
}

function uidOf(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, user]).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else chownSync(child, uid, gid);
  }
}

/** The first connection once the server takes them (a copied directory replays its WAL first). */
async function connectWhenReady(config: pg.ClientConfig, child: ChildProcess, output: () => string): Promise<pg.Client> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${output()}`);
    const client = new pg.Client(config);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not take connections in 120 s (${String(error)}):\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

export async function readPostgres(copy: string, options: { superuser?: string } = {}): Promise<Row[]> {
  const bin = postgresBinaries(copy);
  if (!bin) throw new Error(`no PostgreSQL ${readFileSync(join(copy, 'PG_VERSION'), 'utf8').trim()} under /usr/lib/postgresql`);
  // A server copied while running leaves its pid file; settings may live outside the directory (Debian's /etc/postgresql).
  rmSync(join(copy, 'postmaster.pid'), { force: true });
  writeFileSync(join(copy, 'pg_hba.conf'), 'local all all trust\n');
  if (!existsSync(join(copy, 'pg_ident.conf'))) writeFileSync(join(copy, 'pg_ident.conf'), '');
  writeFileSync(join(copy, 'postgresql.conf'), '');
  writeFileSync(join(copy, 'postgresql.auto.conf'), '');
  const socketDir = join(copy, 'forensics-socket');
  mkdirSync(socketDir);
  chmodSync(copy, 0o700);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = uidOf('postgres');
    // The copy's temporary parent too: the server must reach its directory.
    chownSync(dirname(copy), uid, gid);
    chownTree(copy, uid, gid);
  }
  const port = 5432 + 1 + Math.floor(Math.random() * 20_000);
  const args = ['-D', copy, '-k', socketDir, '-p', String(port), '-c', 'listen_addresses=', '-c', 'autovacuum=off', '-c', `hba_file=${join(copy, 'pg_hba.conf')}`, '-c', `ident_file=${join(copy, 'pg_ident.conf')}`];
  const command = asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, 'postgres'), ...args] : [join(bin, 'postgres'), ...args];
  const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + String(chunk)).slice(-8000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + String(chunk)).slice(-8000)));
  try {
    const user = options.superuser ?? (asRoot ? 'postgres' : (process.env.USER ?? 'postgres'));
    const config = (database: string) => ({ host: socketDir, port, user, database });
    const first = await connectWhenReady(config('postgres'), child, () => output);
    const databases = (await first.query<{ datname: string }>(`select datname from pg_database where datallowconn and datname <> 'template0' order by 1`)).rows.map((r) => r.datname);
    await first.end();
    const rows: Row[] = [];
    for (const database of databases) {
      const client = new pg.Client(config(database));
      await client.connect();
      try {
        rows.push(...(await readAllTuples(async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>, database)));
      } finally {
        await client.end();
      }
    }
    return rows;
  } finally {
    const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
    // SIGINT is PostgreSQL's fast shutdown; runuser does not pass signals on, so the postmaster gets it.
    const pidFile = join(copy, 'postmaster.pid');
    if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    else child.kill('SIGINT');
    await exited;
  }
}
