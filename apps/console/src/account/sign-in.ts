import type { PreLoginReply, Session, TotpEnrollment } from '@lantern/protocol';
import { api } from '../shared/api';
import { makeProgramKey, makeStaffKeys, passwordKeys } from '../shared/keys';
import { beginSession } from '../shared/session';
import { clearFragment } from '../shared/state';

export interface NewAccount {
  /** What other staff see. */
  displayName: string;
  /** What participants see. */
  participantName: string;
  username: string;
  password: string;
  /** The secret this browser made for the authenticator app, and the first code the person typed from it. */
  totp: TotpEnrollment;
}

/** First admin on a fresh install: makes the staff key and the program key, and grants the one to the other. */
export async function setUp(setupToken: string, account: NewAccount): Promise<void> {
  const keys = await makeStaffKeys(account.password, account.username);
  const programKey = await makeProgramKey(keys.staffPublic);
  const session = await api<Session>('POST', '/api/setup', {
    setupToken,
    username: account.username,
    displayName: account.displayName,
    participantName: account.participantName,
    kdf: keys.kdf,
    loginProof: keys.loginProof,
    staffKey: keys.staffKey,
    programKey,
    totp: account.totp,
  });
  clearFragment();
  await beginSession(session, keys.wrappingKey);
}

export async function acceptInvite(inviteToken: string, account: NewAccount): Promise<void> {
  const keys = await makeStaffKeys(account.password, account.username);
  const session = await api<Session>('POST', '/api/staff/accept', {
    inviteToken,
    username: account.username,
    displayName: account.displayName,
    participantName: account.participantName,
    kdf: keys.kdf,
    loginProof: keys.loginProof,
    staffKey: keys.staffKey,
    totp: account.totp,
  });
  clearFragment();
  await beginSession(session, keys.wrappingKey);
}

/** `enrolment` only for an account made before two-factor, once the server has asked for it (403 enrol_required). */
export async function signIn(username: string, password: string, totpCode: string, enrolment?: TotpEnrollment): Promise<void> {
  const { kdf } = await api<PreLoginReply>('POST', '/api/staff/prelogin', { username });
  const { loginProof, wrappingKey } = await passwordKeys(password, kdf);
  const session = await api<Session>('POST', '/api/staff/login', enrolment ? { username, loginProof, totp: enrolment } : { username, loginProof, totpCode });
  await beginSession(session, wrappingKey);
}
