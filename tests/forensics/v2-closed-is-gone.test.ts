import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../apps/server/src/store/db';
import { audit } from '../../tools/forensics/audit';
import { postgresBin, startCluster } from './support/cluster';
import { runClosedV2Conversations } from './support/v2-scenario';

/**
 * Issue 11, acceptance 1 (P1, closed is gone): after every conversation closed (retention 0) and
 * the clients let go, a copy of the data directory together with EVERY long-term secret of the
 * run opens nothing and yields no phone number: web chats in three scripts with a pre-chat answer,
 * a code-word exchange, an interpreter and a transfer note, and a text conversation. Its controls:
 * v1-control.test.ts (the same tool opens v1 leftovers, and a real v1 data directory's) and
 * v2-escrow-control.test.ts (it opens a v2 conversation kept under retention escrow).
 */

async function auditClosedRun(store: Store, dataDir: string, kind: 'pglite' | 'postgres') {
  let secrets;
  try {
    secrets = await runClosedV2Conversations(store);
  } finally {
    await store.close();
  }
  const parent = await mkdtemp(join(tmpdir(), 'lantern-forensics-v2-'));
  try {
    await cp(dataDir, join(parent, 'data'), { recursive: true });
    return await audit(join(parent, 'data'), { secrets, kind, superuser: 'postgres' });
  } finally {
    await rm(parent, { recursive: true, force: true });
  }
}

function expectNothingOpens(report: Awaited<ReturnType<typeof audit>>) {
  // It did read the leftovers and derive the keys: an empty result is not for want of trying.
  expect(report.dead_rows).toBeGreaterThan(0);
  expect(report.carved).toBeGreaterThan(0);
  expect(report.staff_keys).toBeGreaterThanOrEqual(2);
  expect(report.program_keys).toBeGreaterThanOrEqual(1);
  expect(report.findings).toEqual([]);
  expect(report.opened).toBe(0);
  expect(report.phone_numbers).toBe(0);
}

describe('v2: a closed conversation is gone from the disk', () => {
  it('on PGlite', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lantern-forensics-v2-pglite-'));
    try {
      expectNothingOpens(await auditClosedRun(await openStore({ dataDir, databaseUrl: undefined }), dataDir, 'pglite'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 300_000);

  it.skipIf(!postgresBin())('on a PostgreSQL cluster the test made with initdb', async () => {
    const cluster = await startCluster();
    try {
      const store = await openStore({ dataDir: '', databaseUrl: cluster.url });
      expectNothingOpens(await auditClosedRun(store, cluster.dataDir, 'postgres'));
    } finally {
      await cluster.stop();
      cluster.remove();
    }
  }, 300_000);
});
