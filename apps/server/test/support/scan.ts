import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db';

/** Every row of every table of the app's schema, as one string to search; `ignore` names `table.column`s left out. */
export async function dumpTables(db: Db, ignore: string[] = []): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table_name)}`.execute(db);
    for (const row of rows.rows) for (const column of ignore) if (column.startsWith(`${table_name}.`)) delete row[column.slice(table_name.length + 1)];
    parts.push(`${table_name}: ${JSON.stringify(rows.rows)}`);
  }
  return parts.join('\n');
}

/** Files under `dir` whose bytes contain any needle (UTF-8), with the needle found. */
export async function filesContaining(dir: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  const encoded = needles.map((n) => [n, Buffer.from(n, 'utf8')] as const);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) continue;
    for (const [needle, raw] of encoded) if (bytes.includes(raw)) hits.push(`${path}: ${needle}`);
  }
  return hits;
}

export { loadFixtures } from '../../../../tests/support/fixtures';
