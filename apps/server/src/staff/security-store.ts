import type { Db } from '../store/db';
import { FAILURES_BEFORE_LOCK, lockDuration } from './lockout';

/**
 * One more failed sign-in in a row; the tenth locks the account, each lock twice as long as the
 * one before. Kept in the staff row so every node counts the same attempts.
 */
export function recordFailedSignIn(db: Db, staffId: string, now: Date): Promise<{ lockedUntil: Date | null }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('staff').select(['failed_sign_ins', 'lock_count']).where('id', '=', staffId).forUpdate().executeTakeFirstOrThrow();
    const failures = row.failed_sign_ins + 1;
    if (failures < FAILURES_BEFORE_LOCK) {
      await trx.updateTable('staff').set({ failed_sign_ins: failures }).where('id', '=', staffId).execute();
      return { lockedUntil: null };
    }
    const lockCount = row.lock_count + 1;
    const lockedUntil = new Date(now.getTime() + lockDuration(lockCount));
    await trx.updateTable('staff').set({ failed_sign_ins: 0, lock_count: lockCount, locked_until: lockedUntil }).where('id', '=', staffId).execute();
    return { lockedUntil };
  });
}

/**
 * A good password and a code of time step `step`: the count starts over and the step is spent.
 * False when the step was already spent (the same code twice, even by two requests at once).
 */
export async function recordSignIn(db: Db, staffId: string, step: number): Promise<boolean> {
  const updated = await db
    .updateTable('staff')
    .set({ failed_sign_ins: 0, lock_count: 0, locked_until: null, totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Spends a code's time step without touching the failure count (password change, enrolment). */
export async function spendStep(db: Db, staffId: string, step: number): Promise<boolean> {
  const updated = await db
    .updateTable('staff')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

export async function setTotp(db: Db, staffId: string, sealed: string, step: number): Promise<void> {
  await db.updateTable('staff').set({ totp_sealed: sealed, totp_last_step: step }).where('id', '=', staffId).execute();
}

export async function changePassword(
  db: Db,
  staffId: string,
  change: { kdfSalt: string; kdfIterations: number; proofHash: string; wrappedPrivateKey: string },
  keepSessionHash: string,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff')
      .set({
        kdf_salt: change.kdfSalt,
        kdf_iterations: change.kdfIterations,
        proof_hash: change.proofHash,
        wrapped_private_key: change.wrappedPrivateKey,
      })
      .where('id', '=', staffId)
      .execute();
    const ended = await trx
      .deleteFrom('staff_sessions')
      .where('staff_id', '=', staffId)
      .where('token_hash', '!=', keepSessionHash)
      .returning('token_hash')
      .execute();
    return ended.map((row) => row.token_hash);
  });
}

/** Marks a session used now; written at most every `everyMs` so a busy console does not write on each request. */
export async function touchSession(db: Db, tokenHash: string, now: Date, everyMs: number): Promise<void> {
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: now })
    .where('token_hash', '=', tokenHash)
    .where('last_seen_at', '<', new Date(now.getTime() - everyMs))
    .execute();
}

/** Whether a session is still within its hours but was idle since `idleSince` (so the 401 can say why). */
export async function sessionWentIdle(db: Db, tokenHash: string, now: Date, idleSince: Date): Promise<boolean> {
  const row = await db
    .selectFrom('staff_sessions')
    .select('token_hash')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .where('last_seen_at', '<=', idleSince)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes sessions idle since `idleSince` or past their end; returns their hashes, so their sockets can be closed. */
export async function deleteDeadSessions(db: Db, now: Date, idleSince: Date): Promise<Array<{ hash: string; idle: boolean }>> {
  const rows = await db
    .deleteFrom('staff_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .returning(['token_hash', 'expires_at'])
    .execute();
  return rows.map((row) => ({ hash: row.token_hash, idle: row.expires_at > now }));
}
