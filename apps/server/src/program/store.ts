import { randomBytes } from 'node:crypto';
import type { Db } from '../store/db';

export async function ensureProgram(db: Db, name: string) {
  await db
    .insertInto('program')
    .values({ id: 1, name, server_secret: randomBytes(32).toString('base64url') })
    .onConflict((c) => c.column('id').doNothing())
    .execute();
  return db.selectFrom('program').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

export async function setSetupTokenHash(db: Db, hash: string | null): Promise<void> {
  await db.updateTable('program').set({ setup_token_hash: hash }).where('id', '=', 1).execute();
}

export function currentProgramKey(db: Db) {
  return db.selectFrom('program_keys').selectAll().orderBy('epoch', 'desc').limit(1).executeTakeFirst();
}

export function listProgramKeys(db: Db) {
  return db.selectFrom('program_keys').selectAll().orderBy('epoch').execute();
}

export function programKeyOfEpoch(db: Db, epoch: number) {
  return db.selectFrom('program_keys').selectAll().where('epoch', '=', epoch).executeTakeFirst();
}
