import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { filesUnder } from '../tools/page-hashes';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['package.json', 'tsconfig.json', 'tools', 'packages', 'apps'];
const WORKSPACES = ['packages/protocol', 'packages/crypto', 'apps/server', 'apps/chat', 'apps/console'];
/** What the build makes that must not depend on where it ran. */
const OUTPUTS = ['apps/chat/dist', 'apps/console/dist', 'apps/server/dist'];
/** The build's steps but the SBOM, which carries a fresh serial number and time by design (CycloneDX). */
const BUILD = ['run', 'build', ...WORKSPACES.slice(2).flatMap((w) => ['--workspace', w])];

/**
 * A checkout of the sources at `dir`, sharing this one's installed packages but with its own
 * workspace links, so nothing of the original path can reach the build.
 */
function checkoutAt(dir: string): void {
  for (const entry of SOURCES) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true, filter: (source) => !/[\\/](node_modules|dist|data)$/.test(source) });
  }
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@lantern'), { recursive: true });
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== '@lantern') symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  for (const workspace of WORKSPACES) {
    const { name } = JSON.parse(readFileSync(join(dir, workspace, 'package.json'), 'utf8')) as { name: string };
    symlinkSync(join(dir, workspace), join(modules, name));
  }
}

describe('reproducible build', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'lantern-a-')), mkdtempSync(join(tmpdir(), 'lantern-build-elsewhere-'))];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('builds byte-identical pages and server in two different directories', () => {
    for (const dir of dirs) {
      checkoutAt(dir);
      execFileSync('npm', BUILD, { cwd: dir, stdio: 'pipe' });
    }
    for (const output of OUTPUTS) {
      const [first, second] = dirs.map((dir) => filesUnder(join(dir, output)));
      expect(second, output).toEqual(first);
      for (const file of first!) {
        const [a, b] = dirs.map((dir) => readFileSync(join(dir, output, file)));
        expect(a!.equals(b!), `${output}/${file} differs between the two builds`).toBe(true);
      }
    }
  }, 240_000);
});
