import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { keyId } from '@lantern/crypto';
import { firstWord } from '@lantern/protocol/participant-name';
import type { AcceptInvite, ChangePassword, Kdf, Role, RotateProgramKey, Setup, StaffSelf, TotpEnrollment } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { ensureProgram, listProgramKeys, setSetupTokenHash } from '../program/store';
import type { StaffRow } from '../store/schema';
import * as staff from './store';
import * as security from './security-store';
import { hashToken, newToken } from '../tokens';
import { checkCode, TotpSecrets } from './totp';

const INVITE_DAYS = 7;
const DECOY_ITERATIONS = 600_000;
/** A session's last use is written at most this often. */
const TOUCH_EVERY_MS = 15_000;
const SIGN_IN_FAILED = 'That username, password and code do not match.';

export class AccountError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 423,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 423: the account is locked after too many failed sign-ins; `until` says when it may try again. */
export class LockedError extends AccountError {
  constructor(readonly until: Date) {
    super(423, 'locked', `Too many failed sign-ins: this account is locked. Try again at ${until.toISOString()}.`);
  }
}

export interface AccountOptions {
  /** The program's server secret: the TOTP secrets are sealed under a key derived from it. */
  serverSecret: string;
  clock: () => Date;
  /** Staff sessions end after this long without a request or frame (STAFF_IDLE_MINUTES). */
  idleMinutes: number;
  /** … and this long after sign-in whatever happens (STAFF_SESSION_HOURS). */
  sessionHours: number;
  /** TOTP steps accepted either side of now (STAFF_TOTP_WINDOW). */
  totpWindow: number;
}

/** Staff accounts, sessions, invites and key grants. The server verifies; it never holds a password or an unwrapped key. */
export class Accounts {
  private readonly totp: TotpSecrets;
  private readonly clock: () => Date;
  /** When each session's socket activity was last written (this node). */
  private readonly touched = new Map<string, number>();
  /** A proof hash no one knows the proof of: an unknown name is verified against it, so it costs what a known one does. */
  private readonly decoyProofHash = hash(randomBytes(32).toString('base64url'));

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly options: AccountOptions,
  ) {
    this.totp = new TotpSecrets(options.serverSecret);
    this.clock = options.clock;
  }

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
    const step = await this.enrolledStep(body.totp);
    const proofHash = await hash(body.loginProof);
    const programKeyId = await keyId(body.programKey.publicKey);
    const created = await this.db.transaction().execute(async (trx) => {
      const program = await trx.selectFrom('program').select('setup_token_hash').where('id', '=', 1).forUpdate().executeTakeFirst();
      if (!program?.setup_token_hash || program.setup_token_hash !== hashToken(body.setupToken)) return false;
      await trx.updateTable('program').set({ setup_token_hash: null }).where('id', '=', 1).execute();
      await staff.insertStaff(trx, this.newStaffRow(id, body, 'admin', proofHash, step));
      await trx.insertInto('program_keys').values({ epoch: 1, public_key: body.programKey.publicKey, key_id: programKeyId }).execute();
      await staff.insertGrant(trx, { staffId: id, epoch: 1, sealed: body.programKey.grant, grantedBy: null, attestation: body.programKey.attestation });
      return true;
    });
    if (!created) throw new AccountError(403, 'forbidden', 'This setup link is not valid (it works once, on a fresh install).');
    await this.audit.record('program.setup', id, { username: body.username, programKeyId });
    return this.openSession(id);
  }

  async acceptInvite(body: AcceptInvite) {
    const id = randomUUID();
    const step = await this.enrolledStep(body.totp);
    const proofHash = await hash(body.loginProof);
    await this.db.transaction().execute(async (trx) => {
      const invite = await staff.takeInvite(trx, hashToken(body.inviteToken));
      if (!invite) throw new AccountError(410, 'gone', 'This invite link has been used or has expired. Ask an admin for a new one.');
      if (await staff.findStaffByUsername(trx, body.username)) throw new AccountError(409, 'conflict', 'That username is taken.');
      await staff.insertStaff(trx, this.newStaffRow(id, body, invite.role, proofHash, step));
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

  /**
   * Password proof and TOTP code. Every failure gives the same answer, whatever failed; ten in a
   * row lock the account (while locked, even a right password and code are refused). An account
   * made before two-factor enrols here: the same request carries `totp`, checked only after the
   * password proof, so the 403 that asks for it tells nothing to someone without the password.
   */
  async login(username: string, loginProof: string, totpCode: string | undefined, enrollment?: TotpEnrollment) {
    const row = await staff.findStaffByUsername(this.db, username);
    if (!row?.active) {
      await verify(await this.decoyProofHash, loginProof);
      // What was typed may be a password in the wrong box: only the hour's count is kept.
      await this.audit.countHourly('staff.sign_in_failed', null, { reason: 'unknown name' });
      throw new AccountError(401, 'unauthorized', SIGN_IN_FAILED);
    }
    const now = this.clock();
    if (row.locked_until && row.locked_until > now) throw new LockedError(row.locked_until);
    if (!(await verify(row.proof_hash, loginProof))) return this.failSignIn(row, 'password', now);
    if (!row.totp_sealed) {
      if (!enrollment) throw new AccountError(403, 'enrol_required', 'Set up two-factor sign-in to continue.');
      const step = await this.enrolledStep(enrollment);
      await security.setTotp(this.db, row.id, this.totp.seal(enrollment.secret, row.id), step);
      await this.audit.record('staff.two_factor_enrolled', row.id);
    } else {
      const step = await checkCode(this.totp.open(row.totp_sealed, row.id), totpCode, row.totp_last_step, this.options.totpWindow);
      if (step === null || !(await security.recordSignIn(this.db, row.id, step))) return this.failSignIn(row, 'code', now);
    }
    await this.audit.record('staff.sign_in', row.id, { username });
    return this.openSession(row.id);
  }

  private async failSignIn(row: StaffRow, reason: 'password' | 'code', now: Date): Promise<never> {
    await this.audit.record('staff.sign_in_failed', row.id, { username: row.username, reason });
    const { lockedUntil } = await security.recordFailedSignIn(this.db, row.id, now);
    if (lockedUntil) {
      await this.audit.record('staff.locked', row.id, { until: lockedUntil.toISOString() });
      throw new LockedError(lockedUntil);
    }
    throw new AccountError(401, 'unauthorized', SIGN_IN_FAILED);
  }

  /**
   * A new password: the browser proves the current one and gives a code, then sends a new salt,
   * proof and the same private key wrapped under the new password. Every other session ends.
   */
  async changePassword(member: StaffRow, sessionToken: string, change: ChangePassword): Promise<void> {
    // Failures here count towards the same lock as sign-in: a stolen session must not become a way to guess.
    const now = this.clock();
    if (member.locked_until && member.locked_until > now) throw new LockedError(member.locked_until);
    const wrongProof = !(await verify(member.proof_hash, change.currentProof));
    const step = wrongProof || !member.totp_sealed ? null : await checkCode(this.totp.open(member.totp_sealed, member.id), change.totpCode, member.totp_last_step, this.options.totpWindow);
    if (step === null || !(await security.spendStep(this.db, member.id, step))) {
      await this.audit.record('staff.password_change_failed', member.id, { reason: wrongProof ? 'password' : 'code' });
      const { lockedUntil } = await security.recordFailedSignIn(this.db, member.id, now);
      if (lockedUntil) {
        await this.audit.record('staff.locked', member.id, { until: lockedUntil.toISOString() });
        throw new LockedError(lockedUntil);
      }
      throw new AccountError(403, 'forbidden', 'The current password or the code is not right.');
    }
    const ended = await security.changePassword(
      this.db,
      member.id,
      { kdfSalt: change.kdf.salt, kdfIterations: change.kdf.iterations, proofHash: await hash(change.loginProof), wrappedPrivateKey: change.wrappedPrivateKey },
      hashToken(sessionToken),
    );
    await this.audit.record('staff.password_changed', member.id, { sessionsEnded: ended.length });
    for (const sessionHash of ended) await this.bus.publish({ kind: 'session-ended', sessionHash });
  }

  /**
   * The member's own name as participants see it. Conversations already open hear it from the
   * member's next message (it travels inside each one) and from the next change of who holds them.
   */
  async setParticipantName(member: StaffRow, name: string): Promise<void> {
    const participantName = name.trim().normalize('NFC');
    if (!participantName) throw new AccountError(400, 'bad_request', 'Enter the name participants see.');
    if (participantName === member.participant_name) return;
    await staff.setParticipantName(this.db, member.id, participantName);
    // Staff metadata, not conversation content: who called themselves what, and when, is accountable.
    await this.audit.record('staff.participant_name_changed', member.id, { name: participantName });
  }

  async logout(token: string, staffId: string): Promise<void> {
    const sessionHash = hashToken(token);
    await staff.deleteSession(this.db, sessionHash);
    await this.audit.record('staff.sign_out', staffId);
    await this.bus.publish({ kind: 'session-ended', sessionHash });
    await this.requeueFromAbsentHolders();
  }

  /** Back to the queue: what members without a session still held (each participant is told they wait again). */
  private async requeueFromAbsentHolders(): Promise<void> {
    const requeued = await staff.requeueFromAbsentHolders(this.db, this.clock());
    await this.announceRequeued(requeued);
    if (requeued.length > 0) await this.bus.publish({ kind: 'queue' });
  }

  /** Each participant whose conversation went back to the queue sees that they wait again. */
  private async announceRequeued(conversationIds: string[]): Promise<void> {
    for (const id of conversationIds) await this.bus.publish({ kind: 'conversation', conversationId: id, status: 'waiting', staffName: null });
  }

  /** The member behind a live session token (neither idle nor past its end), with how long until the session ends. */
  async memberForToken(token: string): Promise<(StaffRow & { session_ends_in_ms: number }) | undefined> {
    const now = this.clock();
    const member = await staff.staffForSession(this.db, hashToken(token), now, this.idleSince(now));
    // A duration, not a date: the socket's timer runs on real time, the session on the app's clock.
    return member && { ...member, session_ends_in_ms: member.session_expires_at.getTime() - now.getTime() };
  }

  /** The token's session exists but timed out for inactivity. */
  sessionWentIdle(token: string): Promise<boolean> {
    const now = this.clock();
    return security.sessionWentIdle(this.db, hashToken(token), now, this.idleSince(now));
  }

  /**
   * The member did something (a request that succeeded, a frame): the idle clock starts over.
   * Remembered here so a busy console writes at most every TOUCH_EVERY_MS.
   */
  async touch(sessionHash: string): Promise<void> {
    const now = this.clock();
    if (now.getTime() - (this.touched.get(sessionHash) ?? 0) < TOUCH_EVERY_MS) return;
    this.touched.set(sessionHash, now.getTime());
    await security.touchSession(this.db, sessionHash, now, TOUCH_EVERY_MS);
  }

  /** Ends sessions idle too long or past their end, and closes their sockets on every node. */
  async endDeadSessions(): Promise<number> {
    const now = this.clock();
    const ended = await security.deleteDeadSessions(this.db, now, this.idleSince(now));
    for (const { hash: sessionHash, idle } of ended) await this.bus.publish({ kind: 'session-ended', sessionHash, reason: idle ? 'idle' : 'expired' });
    if (ended.length > 0) await this.requeueFromAbsentHolders();
    for (const [sessionHash, at] of this.touched) if (at <= this.idleSince(now).getTime()) this.touched.delete(sessionHash);
    return ended.length;
  }

  /** The time step of an enrolment's first code: the account is refused unless the person's app holds the secret. */
  private async enrolledStep(enrollment: TotpEnrollment): Promise<number> {
    const step = await checkCode(enrollment.secret, enrollment.code, null, this.options.totpWindow);
    if (step === null) throw new AccountError(400, 'bad_code', 'That code does not match: check the time on your phone and type the code your app shows now.');
    return step;
  }

  private idleSince(now: Date): Date {
    return new Date(now.getTime() - this.options.idleMinutes * 60_000);
  }

  async self(row: StaffRow): Promise<StaffSelf> {
    const [grants, keys] = await Promise.all([staff.grantsFor(this.db, row.id), listProgramKeys(this.db)]);
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      participantName: row.participant_name,
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

  async pendingInvites() {
    const rows = await staff.listPendingInvites(this.db, new Date());
    return {
      invites: rows.map((r) => ({
        id: r.token_hash,
        role: r.role,
        createdBy: r.display_name ?? null,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
      })),
    };
  }

  async revokeInvite(id: string, adminId: string): Promise<void> {
    const revoked = await staff.revokeInvite(this.db, id);
    if (!revoked) throw new AccountError(404, 'not_found', 'That invite link was already used, has expired or was withdrawn.');
    await this.audit.record('staff.invite_revoked', adminId, { role: revoked.role });
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
        attestation: r.attestation ?? null,
      })),
    };
  }

  /** Stores a grant an admin's browser sealed to a member's public key; the server cannot check what is inside. */
  async grant(memberId: string, epoch: number, sealed: string, grantedBy: string, attestation?: string): Promise<void> {
    const target = await this.db.selectFrom('staff').select(['id', 'active']).where('id', '=', memberId).executeTakeFirst();
    if (!target?.active) throw new AccountError(404, 'not_found', 'No such active staff member.');
    const keys = await listProgramKeys(this.db);
    if (!keys.some((k) => k.epoch === epoch)) throw new AccountError(404, 'not_found', 'No program key of that epoch.');
    await staff.insertGrant(this.db, { staffId: memberId, epoch, sealed, grantedBy, attestation });
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
      // With every session of theirs gone, what they held goes back to the queue like any absent holder's.
      return staff.requeueFromAbsentHolders(trx, this.clock());
    });
    await this.audit.record('staff.deactivated', adminId, { member: memberId });
    await this.bus.publish({ kind: 'staff-deactivated', staffId: memberId });
    await this.announceRequeued(requeued);
    await this.bus.publish({ kind: 'queue' });
    const keys = await listProgramKeys(this.db);
    return { epoch: keys.at(-1)?.epoch ?? 0 };
  }

  /**
   * Stores a new program key epoch an admin's browser made, with grants for active members who hold
   * the current epoch and no one else. The admin's browser leaves out a member whose key it cannot
   * vouch for (crypto/attestation.ts): they wait for a grant the usual way, after an admin compares
   * fingerprints. New conversations use the new epoch from then on. One epoch at a time, in order.
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
      const granted = rotation.grants.map((grant) => grant.staffId);
      if (new Set(granted).size !== granted.length || granted.some((id) => !holders.includes(id))) {
        throw new AccountError(409, 'conflict', 'A new program key is granted only to active members who hold the current one, once each.');
      }
      await trx.updateTable('program').set({ rotation_owed: false }).where('id', '=', 1).execute();
      await trx.insertInto('program_keys').values({ epoch: rotation.epoch, public_key: rotation.publicKey, key_id: programKeyId }).execute();
      for (const grant of rotation.grants) {
        await staff.insertGrant(trx, { staffId: grant.staffId, epoch: rotation.epoch, sealed: grant.sealed, grantedBy: adminId, attestation: grant.attestation });
      }
    });
    await this.audit.record('key.rotated', adminId, { epoch: rotation.epoch, keyId: programKeyId, members: rotation.grants.length });
    for (const grant of rotation.grants) await this.bus.publish({ kind: 'grants', staffId: grant.staffId });
  }

  private newStaffRow(id: string, body: Setup | AcceptInvite, role: Role, proofHash: string, step: number) {
    return {
      id,
      username: body.username,
      display_name: body.displayName.normalize('NFC'),
      participant_name: (body.participantName ?? firstWord(body.displayName)).trim().normalize('NFC'),
      role,
      kdf_salt: body.kdf.salt,
      kdf_iterations: body.kdf.iterations,
      proof_hash: proofHash,
      public_key: body.staffKey.publicKey,
      wrapped_private_key: body.staffKey.wrappedPrivateKey,
      totp_sealed: this.totp.seal(body.totp.secret, id),
      totp_last_step: step,
    };
  }

  private async openSession(staffId: string) {
    const token = newToken();
    const now = this.clock();
    await staff.insertSession(this.db, hashToken(token), staffId, now, new Date(now.getTime() + this.options.sessionHours * 3_600_000));
    const row = await this.db.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirstOrThrow();
    return { token, me: await this.self(row) };
  }
}
