import type { Db } from '../store/db';

/** The code_words table: one row per returning participant's reference. */

export function deleteExpiredPending(db: Db, now: Date) {
  // A reference whose code word was never set is of no use once its token has expired.
  return db.deleteFrom('code_words').where('sealed', 'is', null).where('pending_expires_at', '<', now).execute();
}

/** Inserts a new reference owing a code word; false if the reference is taken (try another). */
export async function insertPending(db: Db, reference: string, pendingHash: string, expiresAt: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('code_words')
    .values({ reference, sealed: null, epoch: null, created_at: null, pending_hash: pendingHash, pending_expires_at: expiresAt })
    .onConflict((oc) => oc.column('reference').doNothing())
    .returning('reference')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Lets an existing reference take a new code word, only in the chat it was checked in; false otherwise. */
export async function renewPending(db: Db, input: { reference: string; checkedHash: string; pendingHash: string; expiresAt: Date; now: Date }): Promise<boolean> {
  const updated = await db
    .updateTable('code_words')
    .set({ pending_hash: input.pendingHash, pending_expires_at: input.expiresAt, checked_hash: null, checked_until: null })
    .where('reference', '=', input.reference)
    .where('checked_hash', '=', input.checkedHash)
    .where('checked_until', '>', input.now)
    .returning('reference')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Stores the sealed code word if the token is the one owed and still good; spends the token. */
export async function setSealed(db: Db, input: { reference: string; pendingHash: string; sealed: string; epoch: number; now: Date }): Promise<boolean> {
  const updated = await db
    .updateTable('code_words')
    .set({ sealed: input.sealed, epoch: input.epoch, created_at: input.now, pending_hash: null, pending_expires_at: null })
    .where('reference', '=', input.reference)
    .where('pending_hash', '=', input.pendingHash)
    .where('pending_expires_at', '>', input.now)
    .returning('reference')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Remembers, for a while, the chat a reference was checked in. */
export async function markChecked(db: Db, reference: string, checkedHash: string, until: Date): Promise<void> {
  await db.updateTable('code_words').set({ checked_hash: checkedHash, checked_until: until }).where('reference', '=', reference).execute();
}

export function findSet(db: Db, reference: string) {
  return db
    .selectFrom('code_words')
    .select(['reference', 'sealed', 'epoch', 'created_at'])
    .where('reference', '=', reference)
    .where('sealed', 'is not', null)
    .executeTakeFirst();
}

export async function epochExists(db: Db, epoch: number): Promise<boolean> {
  return (await db.selectFrom('program_keys').select('epoch').where('epoch', '=', epoch).executeTakeFirst()) !== undefined;
}
