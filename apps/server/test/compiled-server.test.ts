import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/node-process';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_DIR = join(ROOT, 'apps/server');
const REFUSE_TYPESCRIPT = fileURLToPath(new URL('./support/refuse-typescript.mjs', import.meta.url));

describe('the compiled server (npm start)', () => {
  let child: ChildProcess;
  let output = '';
  let port: number;
  const typedIn = mkdtempSync(join(tmpdir(), 'lantern-start-'));

  beforeAll(async () => {
    // Built fresh: a stale dist/ would test yesterday's server.
    const build = spawnSync('npm', ['run', 'build', '--workspace', 'apps/server'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    port = await freePort();
    const { NODE_OPTIONS: _, ...env } = process.env;
    // As `npm run start --workspace apps/server` runs it: cwd apps/server, INIT_CWD where `npm start` was typed.
    child = spawn(process.execPath, ['--import', REFUSE_TYPESCRIPT, '--enable-source-maps', 'dist/main.js'], {
      cwd: SERVER_DIR,
      env: { ...env, INIT_CWD: typedIn, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    // Wide: on a busy 2-core machine the build and the embedded database's first migrations share the CPU.
    const deadline = Date.now() + 90_000;
    while (!/Lantern is running/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(typedIn, { recursive: true, force: true });
  });

  it('runs JavaScript only: starts, prints the setup link and answers /healthz with no TypeScript loadable', async () => {
    expect(output).toMatch(/#setup=[A-Za-z0-9_-]{43}/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });

  it('serves the built pages from the compiled output', async () => {
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script[^>]+integrity="sha384-/);
  });

  it('keeps ./data where npm start was typed', () => {
    expect(existsSync(join(typedIn, 'data'))).toBe(true);
    expect(existsSync(join(SERVER_DIR, 'data'))).toBe(false);
  });

  it('ships a source map that points at the TypeScript sources, for stack traces', () => {
    const map = JSON.parse(readFileSync(join(SERVER_DIR, 'dist/main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('../src/main.ts');
    expect(readFileSync(join(SERVER_DIR, 'dist/main.js'), 'utf8')).toMatch(/\/\/# sourceMappingURL=main\.js\.map\s*$/);
  });
});
