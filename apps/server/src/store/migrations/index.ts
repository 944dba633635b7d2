import type { Migration, MigrationProvider } from 'kysely/migration';
import { spine } from './0001_spine';

/* Migrations are code, not files found at run time, so the server finds them all however it runs.
   Add one file per migration and one line here; names sort in the order they run. */
const migrations: Record<string, Migration> = {
  '0001_spine': spine,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => migrations };
