import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../apps/server/src/store/db';
import { audit, type AuditReport } from '../../tools/forensics/audit';
import type { Secrets } from '../../tools/forensics/secrets';
import { postgresBin, startCluster } from './support/cluster';
import { ADVOCATE, runClosedConversations, SENTINELS } from './support/v1-scenario';

/**
 * The control of the disk-forensics acceptance test (issue 11): on protocol v1, a copy of the data
 * directory taken after every conversation closed gives them back to one staff password. If the
 * auditor did not open these, its "opened 0" on v2 would prove nothing.
 */

const run = promisify(execFile);
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-forensics-test-'));
  temps.push(dir);
  return dir;
}

/*
 * The scenario's web chats and transfer note are written by test clients in v1's formats; its text
 * conversation is made by the server, which is v2 now, so it stays shut (counted as v2 blobs left
 * unopened). v1 texts and numbers are covered by the real v1 data directory at the end.
 */
function expectV1Leftovers(report: AuditReport, plaintexts: string[]) {
  expect(report.rows_read).toBeGreaterThan(report.dead_rows);
  expect(report.dead_rows).toBeGreaterThan(0);
  expect(report.carved).toBeGreaterThan(0);
  expect(report.opened_by_kind.message_v1).toBe(7);
  expect(report.opened_by_kind.transfer_note).toBe(1);
  expect(report.opened).toBe(8);
  // The code word is kept on purpose (returning participants) and counted apart.
  expect(report.kept_code_words).toBe(1);
  for (const sentinel of [SENTINELS.latin, SENTINELS.arabic, SENTINELS.chinese, SENTINELS.note]) expect(plaintexts).toContain(sentinel);
  expect(plaintexts).not.toContain(SENTINELS.sms);
  expect(report.phone_numbers).toBe(0);
}

async function copyOf(dataDir: string): Promise<string> {
  const copy = join(await tempDir(), 'data');
  await cp(dataDir, copy, { recursive: true });
  return copy;
}

describe('forensics control: a v1 data directory gives closed conversations back', () => {
  let pgliteDir = '';
  let secrets: Secrets;
  beforeAll(async () => {
    pgliteDir = await tempDir();
    const store = await openStore({ dataDir: pgliteDir, databaseUrl: undefined });
    try {
      secrets = (await runClosedConversations(store)).oneStaff;
    } finally {
      await store.close();
    }
  }, 300_000);

  it('on PGlite: the CLI opens the dead tuples with one staff password', async () => {
    const copy = await copyOf(pgliteDir);
    const secretsFile = join(await tempDir(), 'secrets.json');
    await writeFile(secretsFile, JSON.stringify(secrets));
    expect(secrets.staff).toEqual([ADVOCATE]);

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tools/forensics/main.ts', copy, '--secrets', secretsFile, '--show'], { maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout.trim().split('\n');
    const report = JSON.parse(lines.at(-1)!) as AuditReport;
    expect(report.database).toBe('pglite');
    expectV1Leftovers(report, report.findings.map((f) => f.plaintext));
    expect(report.findings.every((f) => f.where.includes('dead row') || f.where.startsWith('carved'))).toBe(true);
  }, 300_000);

  it('on PGlite after VACUUM: no dead row is left, and the carved WAL still gives messages back', async () => {
    const copy = await copyOf(pgliteDir);
    const db = await PGlite.create({ dataDir: copy });
    await db.query('vacuum');
    await db.query('checkpoint');
    await db.close();
    const report = await audit(copy, { secrets, kind: 'pglite' });
    expect(report.dead_rows).toBe(0);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.where.startsWith('carved from pg_wal/'))).toBe(true);
    expect(report.opened_by_kind.message_v1).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it.skipIf(!postgresBin())('on a PostgreSQL cluster the test made with initdb', async () => {
    const cluster = await startCluster();
    try {
      const store = await openStore({ dataDir: '', databaseUrl: cluster.url });
      let oneStaff;
      try {
        oneStaff = (await runClosedConversations(store)).oneStaff;
      } finally {
        await store.close();
      }
      const report = await audit(await copyOf(cluster.dataDir), { secrets: oneStaff, kind: 'postgres', superuser: 'postgres' });
      expect(report.database).toBe('postgres');
      expectV1Leftovers(report, report.findings.map((f) => f.plaintext));
    } finally {
      await cluster.stop();
      cluster.remove();
    }
  }, 300_000);
});

describe('a real v1 data directory (tests/fixtures/v1-data.tar.xz, made by c0546e3)', () => {
  it('gives its closed conversations back to one staff password: the control v2 is measured against', async () => {
    const dir = await tempDir();
    await run('tar', ['-xJf', new URL('../fixtures/v1-data.tar.xz', import.meta.url).pathname, '-C', dir]);
    const report = await audit(join(dir, 'v1data'), { secrets: { staff: [{ username: 'avery', password: 'advocate password 1' }], programKeys: [] }, kind: 'pglite' });
    // The three messages of the ended web chat (Latin, Arabic, Chinese) and the ended text with its number.
    expect(report.opened_by_kind.message_v1).toBeGreaterThanOrEqual(3);
    expect(report.opened_by_kind.sms_text_v1).toBeGreaterThanOrEqual(1);
    expect(report.phone_numbers).toBeGreaterThanOrEqual(1);
  }, 300_000);
});
