import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The import rules (.dependency-cruiser.cjs, docs/architecture.md#layers) hold in the repository,
 * and each one catches its violation when one is planted (tests/fixtures/import-rules).
 */
const ROOT = new URL('..', import.meta.url);
const FIXTURE = 'tests/fixtures/import-rules/';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** The rules' verdict on some folders: dependency-cruiser exits non-zero on a violation, and still prints its report. */
function violations(paths: string[]): Array<{ rule: string; from: string; to: string }> {
  let report: string;
  try {
    report = execFileSync('node_modules/.bin/depcruise', ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...paths], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    report = (error as { stdout: string }).stdout;
  }
  const summary = (JSON.parse(report) as { summary: { violations: Violation[] } }).summary;
  return summary.violations.map((v) => ({ rule: v.rule.name, from: v.from.replace(FIXTURE, ''), to: v.to.replace(FIXTURE, '') }));
}

describe('import rules', () => {
  it('hold in the server, the bench, the console and everything else npm run imports checks', () => {
    const script = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }).scripts.imports!;
    const paths = script.split(' ').slice(3);
    expect(paths).toEqual(expect.arrayContaining(['apps/server/src', 'apps/console/src', 'bench']));
    expect(violations(paths)).toEqual([]);
  });

  it('catch each planted violation, and only those', () => {
    expect(violations([FIXTURE]).sort((a, b) => `${a.rule}${a.from}${a.to}`.localeCompare(`${b.rule}${b.from}${b.to}`))).toEqual([
      // A static import of admin/ outside it: from the shell, and from a feature.
      { rule: 'admin-only-as-its-chunk', from: 'apps/console/src/app/Main.ts', to: 'apps/console/src/admin/staff.ts' },
      { rule: 'admin-only-as-its-chunk', from: 'apps/console/src/conversations/list.ts', to: 'apps/console/src/admin/staff.ts' },
      // One feature into another, and shared/ into a feature.
      { rule: 'console-features-apart', from: 'apps/console/src/conversations/list.ts', to: 'apps/console/src/admin/staff.ts' },
      { rule: 'console-features-apart', from: 'apps/console/src/shared/session.ts', to: 'apps/console/src/conversations/list.ts' },
      // A circle of type-only imports.
      { rule: 'no-circular', from: 'bench/ipc.ts', to: 'bench/phase.ts' },
      // The store importing a feature (its import of the process metrics is allowed).
      { rule: 'store-is-the-ground', from: 'apps/server/src/store/db.ts', to: 'apps/server/src/statistics/counters.ts' },
    ]);
  });
});
