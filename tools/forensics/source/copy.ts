import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The auditor never opens the original: a database started on a directory writes to it (recovery, the pageinspect extension). */
export async function copyToTemp(dir: string): Promise<{ path: string; remove(): Promise<void> }> {
  const parent = await mkdtemp(join(tmpdir(), 'lantern-forensics-'));
  const path = join(parent, 'data');
  await cp(dir, path, { recursive: true });
  return { path, remove: () => rm(parent, { recursive: true, force: true }) };
}
