import { readAllTuples, type Row } from './heap';

/** PGlite's DATA_DIR (a copy), opened in-process with its pageinspect extension. */
export async function readPglite(copy: string): Promise<Row[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pageinspect } = await import('@electric-sql/pglite/contrib/pageinspect');
  const db = await PGlite.create({ dataDir: copy, extensions: { pageinspect } });
  try {
    return await readAllTuples(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, 'postgres');
  } finally {
    await db.close();
  }
}
