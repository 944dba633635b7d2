import type { Insertable } from 'kysely';
import type { Db } from '../store/db';
import type { StaffTable } from '../store/schema';

export function countStaff(db: Db): Promise<number> {
  return db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));
}

export function findStaffByUsername(db: Db, username: string) {
  return db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The name participants see of a member: the only name of a member that may reach a participant or an interpreter. */
export function findParticipantName(db: Db, id: string): Promise<string | undefined> {
  return db.selectFrom('staff').select('participant_name').where('id', '=', id).executeTakeFirst().then((row) => row?.participant_name);
}

export async function setParticipantName(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('staff').set({ participant_name: name }).where('id', '=', id).execute();
}

export async function insertStaff(db: Db, row: Insertable<StaffTable>): Promise<void> {
  await db.insertInto('staff').values(row).execute();
}

export function grantsFor(db: Db, staffId: string) {
  return db.selectFrom('key_grants').select(['epoch', 'sealed']).where('staff_id', '=', staffId).orderBy('epoch').execute();
}

export async function insertGrant(db: Db, grant: { staffId: string; epoch: number; sealed: string; grantedBy: string | null; attestation?: string | undefined }) {
  const values = { sealed: grant.sealed, granted_by: grant.grantedBy, attestation: grant.attestation ?? null };
  await db
    .insertInto('key_grants')
    .values({ staff_id: grant.staffId, epoch: grant.epoch, ...values })
    .onConflict((c) => c.columns(['staff_id', 'epoch']).doUpdateSet(values))
    .execute();
}

export function listStaffWithGrant(db: Db, epoch: number) {
  return db
    .selectFrom('staff')
    .leftJoin('key_grants', (join) => join.onRef('key_grants.staff_id', '=', 'staff.id').on('key_grants.epoch', '=', epoch))
    .select(['staff.id', 'staff.username', 'staff.display_name', 'staff.role', 'staff.active', 'staff.public_key'])
    .select((eb) => eb('key_grants.epoch', 'is not', null).as('granted'))
    .select('key_grants.attestation')
    .orderBy('staff.created_at')
    .execute();
}

export function hasGrant(db: Db, staffId: string, epoch: number): Promise<boolean> {
  return db
    .selectFrom('key_grants')
    .select('epoch')
    .where('staff_id', '=', staffId)
    .where('epoch', '=', epoch)
    .executeTakeFirst()
    .then((row) => row !== undefined);
}

export async function insertSession(db: Db, tokenHash: string, staffId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.insertInto('staff_sessions').values({ token_hash: tokenHash, staff_id: staffId, last_seen_at: now, expires_at: expiresAt }).execute();
}

/** The active member behind a session that has neither ended (at `now`) nor been idle since `idleSince`, or nothing. */
export function staffForSession(db: Db, tokenHash: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('staff_sessions')
    .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
    .selectAll('staff')
    .select('staff_sessions.expires_at as session_expires_at')
    .where('staff_sessions.token_hash', '=', tokenHash)
    .where('staff_sessions.expires_at', '>', now)
    .where('staff_sessions.last_seen_at', '>', idleSince)
    .where('staff.active', '=', true)
    .executeTakeFirst();
}

/**
 * Conversations whose holder has no session left (signed out, timed out) go back to the queue, so
 * no participant waits on someone who has gone. Returns their ids.
 */
export async function requeueFromAbsentHolders(db: Db, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('conversations')
    .set({ status: 'waiting', assigned_to: null })
    .where('status', '=', 'active')
    .where('assigned_to', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('staff_sessions').select('staff_sessions.token_hash').whereRef('staff_sessions.staff_id', '=', 'conversations.assigned_to').where('staff_sessions.expires_at', '>', now),
        ),
      ),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function insertInvite(
  db: Db,
  invite: { tokenHash: string; role: StaffTable['role']; createdBy: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('staff_invites')
    .values({ token_hash: invite.tokenHash, role: invite.role, created_by: invite.createdBy, expires_at: invite.expiresAt })
    .execute();
}

/** Invites still usable, newest first, with who made them. */
export function listPendingInvites(db: Db, now: Date) {
  return db
    .selectFrom('staff_invites')
    .leftJoin('staff', 'staff.id', 'staff_invites.created_by')
    .select(['staff_invites.token_hash', 'staff_invites.role', 'staff_invites.created_at', 'staff_invites.expires_at', 'staff.display_name'])
    .where('staff_invites.expires_at', '>', now)
    .orderBy('staff_invites.created_at', 'desc')
    .execute();
}

/** Withdraws an invite before anyone uses it; undefined when there was none (used, expired or unknown). */
export function revokeInvite(db: Db, tokenHash: string) {
  return db.deleteFrom('staff_invites').where('token_hash', '=', tokenHash).returning(['role']).executeTakeFirst();
}

/** Uses up an invite: it opens one account, once. */
export function takeInvite(db: Db, tokenHash: string) {
  return db
    .deleteFrom('staff_invites')
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', new Date())
    .returning(['role', 'created_by'])
    .executeTakeFirst();
}
