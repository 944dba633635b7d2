import { createHmac, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { keyId } from '@lantern/crypto';
import type { AcceptInvite, Kdf, Role, RotateProgramKey, Setup, StaffSelf } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { ensureProgram, listProgramKeys, setSetupTokenHash } from '../store/program';
import type { StaffRow } from '../store/schema';
import * as staff from '../store/staff';
import { hashToken, newToken } from '../tokens';

const SESSION_HOURS = 12;
const INVITE_DAYS = 7;
const DECOY_ITERATIONS = 600_000;

export class AccountError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 410,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Staff accounts, sessions, invites and key grants. The server verifies; it never holds a password or an unwrapped key. */
export class Accounts {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
  ) {}

  /** On a fresh install: a one-time setup token (kept only as a hash), or nothing once someone has set up. */
  async prepareSetup(programName: string): Promise<string | null> {
    await ensureProgram(this.db, programName);
    if ((await staff.countStaff(this.db)) > 0) return null;
    const token = newToken();
    await setSetupTokenHash(this.db, hashToken(token));
    return token;
  }

  async setupComplete(): Promise<boolean> {
    return (await staff.countStaff(this.db)) > 0;
  }

  async setup(body: Setup) {
    const id = randomUUID();
    const proofHash = await hash(body.loginProof);
    const programKeyId = await keyId(body.programKey.publicKey);
    const created = await this.db.transaction().execute(async (trx) => {
      const program = await trx.selectFrom('program').select('setup_token_hash').where('id', '=', 1).forUpdate().executeTakeFirst();
      if (!program?.setup_token_hash || program.setup_token_hash !== hashToken(body.setupToken)) return false;
      await trx.updateTable('program').set({ setup_token_hash: null }).where('id', '=', 1).execute();
      await staff.insertStaff(trx, this.newStaffRow(id, body, 'admin', proofHash));
      await trx.insertInto('program_keys').values({ epoch: 1, public_key: body.programKey.publicKey, key_id: programKeyId }).execute();
      await staff.insertGrant(trx, { staffId: id, epoch: 1, sealed: body.programKey.grant, grantedBy: null });
      return true;
    });
    if (!created) throw new AccountError(403, 'forbidden', 'This setup link is not valid (it works once, on a fresh install).');
    await this.audit.record('program.setup', id, { username: body.username, programKeyId });
    return this.openSession(id);
  }

  async acceptInvite(body: AcceptInvite) {
    const id = randomUUID();
    const proofHash = await hash(body.loginProof);
    await this.db.transaction().execute(async (trx) => {
      const invite = await staff.takeInvite(trx, hashToken(body.inviteToken));
      if (!invite) throw new AccountError(410, 'gone', 'This invite link has been used or has expired. Ask an admin for a new one.');
      if (await staff.findStaffByUsername(trx, body.username)) throw new AccountError(409, 'conflict', 'That username is taken.');
      await staff.insertStaff(trx, this.newStaffRow(id, body, invite.role, proofHash));
      return invite;
    }).then((invite) => this.audit.record('staff.joined', id, { username: body.username, role: invite.role, invitedBy: invite.created_by }));
    await this.bus.publish({ kind: 'grants', staffId: id });
    return this.openSession(id);
  }

  /** The salt for a username; unknown names get a stable decoy so the answer does not say who has an account. */
  async prelogin(username: string): Promise<Kdf> {
    const row = await staff.findStaffByUsername(this.db, username);
    if (row?.active) return { salt: row.kdf_salt, iterations: row.kdf_iterations };
    const program = await ensureProgram(this.db, 'Lantern');
    const salt = createHmac('sha256', program.server_secret).update(`decoy-salt|${username}`).digest().subarray(0, 16);
    return { salt: salt.toString('base64url'), iterations: DECOY_ITERATIONS };
  }

  async login(username: string, loginProof: string) {
    const row = await staff.findStaffByUsername(this.db, username);
    const ok = row?.active ? await verify(row.proof_hash, loginProof) : false;
    if (!row || !ok) {
      // The name tried is staff's own word; the proof is never recorded.
      await this.audit.record('staff.sign_in_failed', row?.id ?? null, { username });
      throw new AccountError(401, 'unauthorized', 'That username and password do not match.');
    }
    await this.audit.record('staff.sign_in', row.id, { username });
    return this.openSession(row.id);
  }

  async logout(token: string, staffId: string): Promise<void> {
    const sessionHash = hashToken(token);
    await staff.deleteSession(this.db, sessionHash);
    await this.audit.record('staff.sign_out', staffId);
    await this.bus.publish({ kind: 'session-ended', sessionHash });
  }

  /** The member behind a live session token, with when the session ends. */
  memberForToken(token: string): Promise<(StaffRow & { session_expires_at: Date }) | undefined> {
    return staff.staffForSession(this.db, hashToken(token));
  }

  async self(row: StaffRow): Promise<StaffSelf> {
    const [grants, keys] = await Promise.all([staff.grantsFor(this.db, row.id), listProgramKeys(this.db)]);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      kdf: { salt: row.kdf_salt, iterations: row.kdf_iterations },
      publicKey: row.public_key,
      wrappedPrivateKey: row.wrapped_private_key,
      grants,
      programKeys: keys.map((k) => ({ epoch: k.epoch, publicKey: k.public_key, keyId: k.key_id })),
    };
  }

  async createInvite(role: Role, createdBy: string) {
    const token = newToken();
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
    await staff.insertInvite(this.db, { tokenHash: hashToken(token), role, createdBy, expiresAt });
    await this.audit.record('staff.invited', createdBy, { role, expiresAt: expiresAt.toISOString() });
    return { inviteToken: token, role, expiresAt: expiresAt.toISOString() };
  }

  async members() {
    const keys = await listProgramKeys(this.db);
    const epoch = keys.at(-1)?.epoch ?? 0;
    const rows = await staff.listStaffWithGrant(this.db, epoch);
    const program = await this.db.selectFrom('program').select('rotation_owed').where('id', '=', 1).executeTakeFirst();
    return {
      epoch,
      rotationOwed: program?.rotation_owed ?? false,
      members: rows.map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        role: r.role,
        active: r.active,
        publicKey: r.public_key,
        granted: Boolean(r.granted),
      })),
    };
  }

  /** Stores a grant an admin's browser sealed to a member's public key; the server cannot check what is inside. */
  async grant(memberId: string, epoch: number, sealed: string, grantedBy: string): Promise<void> {
    const target = await this.db.selectFrom('staff').select(['id', 'active']).where('id', '=', memberId).executeTakeFirst();
    if (!target?.active) throw new AccountError(404, 'not_found', 'No such active staff member.');
    const keys = await listProgramKeys(this.db);
    if (!keys.some((k) => k.epoch === epoch)) throw new AccountError(404, 'not_found', 'No program key of that epoch.');
    await staff.insertGrant(this.db, { staffId: memberId, epoch, sealed, grantedBy });
    await this.audit.record('key.granted', grantedBy, { to: memberId, epoch });
    await this.bus.publish({ kind: 'grants', staffId: memberId });
  }

  /**
   * Ends a member's access at once: inactive, every session gone, every socket closed on every
   * node, their conversations back in the queue for someone else. The program key they held stays
   * valid for what it already opened; the admin's browser must now start a new epoch (rotate).
   */
  async deactivate(memberId: string, adminId: string): Promise<{ epoch: number }> {
    if (memberId === adminId) throw new AccountError(409, 'conflict', 'You cannot deactivate yourself; ask another admin.');
    const requeued = await this.db.transaction().execute(async (trx) => {
      const member = await trx.selectFrom('staff').select(['id', 'active']).where('id', '=', memberId).forUpdate().executeTakeFirst();
      if (!member?.active) throw new AccountError(404, 'not_found', 'No such active staff member.');
      await trx.updateTable('staff').set({ active: false }).where('id', '=', memberId).execute();
      await trx.deleteFrom('staff_sessions').where('staff_id', '=', memberId).execute();
      await trx.deleteFrom('key_grants').where('staff_id', '=', memberId).execute();
      await trx.updateTable('program').set({ rotation_owed: true }).where('id', '=', 1).execute();
      return trx
        .updateTable('conversations')
        .set({ status: 'waiting', assigned_to: null })
        .where('assigned_to', '=', memberId)
        .where('status', '=', 'active')
        .returning('id')
        .execute();
    });
    await this.audit.record('staff.deactivated', adminId, { member: memberId });
    await this.bus.publish({ kind: 'staff-deactivated', staffId: memberId });
    for (const { id } of requeued) await this.bus.publish({ kind: 'conversation', conversationId: id, status: 'waiting', staffName: null });
    await this.bus.publish({ kind: 'queue' });
    const keys = await listProgramKeys(this.db);
    return { epoch: keys.at(-1)?.epoch ?? 0 };
  }

  /**
   * Stores a new program key epoch an admin's browser made, with a grant for every active member
   * who holds the current epoch and no one else: a member still waiting for their first grant gets
   * the new key the usual way, after an admin compares fingerprints. New conversations use the new
   * epoch from then on. One epoch at a time, in order.
   */
  async rotateProgramKey(rotation: RotateProgramKey, adminId: string): Promise<void> {
    const programKeyId = await keyId(rotation.publicKey);
    await this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('program').select('id').where('id', '=', 1).forUpdate().execute();
      const current = (await trx.selectFrom('program_keys').select('epoch').orderBy('epoch', 'desc').limit(1).executeTakeFirst())?.epoch ?? 0;
      if (rotation.epoch !== current + 1) throw new AccountError(409, 'conflict', `The next epoch is ${current + 1}.`);
      const holders = (
        await trx
          .selectFrom('staff')
          .innerJoin('key_grants', 'key_grants.staff_id', 'staff.id')
          .select('staff.id')
          .where('staff.active', '=', true)
          .where('key_grants.epoch', '=', current)
          .execute()
      )
        .map((row) => row.id)
        .sort();
      const granted = rotation.grants.map((grant) => grant.staffId).sort();
      if (holders.length !== granted.length || holders.some((id, i) => id !== granted[i])) {
        throw new AccountError(409, 'conflict', 'A new program key needs a grant for every active member who holds the current one, and for no one else.');
      }
      await trx.updateTable('program').set({ rotation_owed: false }).where('id', '=', 1).execute();
      await trx.insertInto('program_keys').values({ epoch: rotation.epoch, public_key: rotation.publicKey, key_id: programKeyId }).execute();
      for (const grant of rotation.grants) {
        await staff.insertGrant(trx, { staffId: grant.staffId, epoch: rotation.epoch, sealed: grant.sealed, grantedBy: adminId });
      }
    });
    await this.audit.record('key.rotated', adminId, { epoch: rotation.epoch, keyId: programKeyId, members: rotation.grants.length });
    for (const grant of rotation.grants) await this.bus.publish({ kind: 'grants', staffId: grant.staffId });
  }

  private newStaffRow(id: string, body: Setup | AcceptInvite, role: Role, proofHash: string) {
    return {
      id,
      username: body.username,
      display_name: body.displayName.normalize('NFC'),
      role,
      kdf_salt: body.kdf.salt,
      kdf_iterations: body.kdf.iterations,
      proof_hash: proofHash,
      public_key: body.staffKey.publicKey,
      wrapped_private_key: body.staffKey.wrappedPrivateKey,
    };
  }

  private async openSession(staffId: string) {
    const token = newToken();
    await staff.insertSession(this.db, hashToken(token), staffId, new Date(Date.now() + SESSION_HOURS * 3_600_000));
    const row = await this.db.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirstOrThrow();
    return { token, me: await this.self(row) };
  }
}
