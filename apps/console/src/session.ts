import { fingerprint, newSalt, PBKDF2_ITERATIONS, rewrapPrivateKey } from '@lantern/crypto';
import type { ChangePassword, InviteCreated, PreLoginReply, ProgramInfo, Role, ServerFrame, Session, StaffSelf, TotpEnrollment } from '@lantern/protocol';
import { api, setToken, setUnauthorizedHandler } from './api';
import { onKeyGrant } from './conversation-keys';
import { clearConversations, notice, onAck, onClosed, onError, onMessage, onNotice, onQueue, resync, summaries } from './conversations';
import { KeyMismatchError, clearKeys, currentEpoch, hasCurrentGrant, makeProgramKey, makeStaffKeys, openGrants, openKeys, passwordKeys, heldProgramPublicKey } from './keys';
import { clearServiceStatus, loadServiceStatus, onStatus } from './service-status';
import { loadSmsStatus, smsStatus } from './sms';
import { clearTransfers, onAlert, refreshArrivals } from './transfer';
import { clearInterpreters, forgetInterpreter, onInterpreter } from './interpreter';
import { clearPresence, forgetPresence, onPresence } from './presence';
import { afterReconnect, forgetAvailability } from './routing';
import { connect, disconnect } from './socket';
import {
  clearFragment,
  fragment,
  granted,
  keyProblem,
  me,
  now,
  program,
  programFingerprint,
  rotatedFingerprint,
  rotationProblem,
  screen,
  signedOutReason,
} from './state';

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

const SESSION_ENDED = 'Your session has ended. Sign in again.';
const SIGNED_OUT_IDLE = 'You were signed out after a time without activity. Sign in again.';

const WAITING_POLL_MS = 5_000;
const CLOCK_MS = 15_000;
let clock: ReturnType<typeof setInterval> | undefined;
let grantPoll: ReturnType<typeof setInterval> | undefined;

export async function loadProgram(): Promise<void> {
  program.value = await api<ProgramInfo>('GET', '/api/program');
  screen.value = fragment.setup ? 'setup' : fragment.invite ? 'join' : 'signin';
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
  await begin(session, keys.wrappingKey);
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
  await begin(session, keys.wrappingKey);
}

/** `enrolment` only for an account made before two-factor, once the server has asked for it (403 enrol_required). */
export async function signIn(username: string, password: string, totpCode: string, enrolment?: TotpEnrollment): Promise<void> {
  const { kdf } = await api<PreLoginReply>('POST', '/api/staff/prelogin', { username });
  const { loginProof, wrappingKey } = await passwordKeys(password, kdf);
  const session = await api<Session>('POST', '/api/staff/login', enrolment ? { username, loginProof, totp: enrolment } : { username, loginProof, totpCode });
  await begin(session, wrappingKey);
}

/**
 * A new password: the browser proves the current one, derives a new proof under a new salt and
 * re-wraps the same staff key under the new password. Other sessions of this member end.
 * Throws `WrongPasswordError` before asking the server when the current password does not open the key.
 */
export async function changePassword(current: string, next: string, totpCode: string): Promise<void> {
  const self = me.value;
  if (!self) throw new Error('not signed in');
  const old = await passwordKeys(current, self.kdf);
  const kdf = { salt: newSalt(), iterations: PBKDF2_ITERATIONS };
  const fresh = await passwordKeys(next, kdf);
  let wrappedPrivateKey: string;
  try {
    wrappedPrivateKey = await rewrapPrivateKey(self.wrappedPrivateKey, old.wrappingKey, fresh.wrappingKey, self.username);
  } catch {
    throw new WrongPasswordError();
  }
  const change: ChangePassword = { currentProof: old.loginProof, totpCode, kdf, loginProof: fresh.loginProof, wrappedPrivateKey };
  await api<void>('POST', '/api/staff/password', change);
  me.value = { ...self, kdf, wrappedPrivateKey };
}

export class WrongPasswordError extends Error {
  override name = 'WrongPasswordError';
  constructor() {
    super('That is not your current password.');
  }
}

async function begin(session: Session, wrappingKey: CryptoKey): Promise<void> {
  setToken(session.token);
  try {
    await openKeys(session.me, wrappingKey);
    await applyMe(session.me);
  } catch (error) {
    setToken(null);
    clearKeys();
    throw error;
  }
  signedOutReason.value = null;
  await Promise.all([loadSmsStatus(), loadServiceStatus()]);
  setUnauthorizedHandler((code) => endSession(code === 'session_idle' ? SIGNED_OUT_IDLE : SESSION_ENDED));
  connect(session.token, { onFrame, onIdle: () => endSession(SIGNED_OUT_IDLE) });
  clearInterval(clock);
  clock = setInterval(() => {
    now.value = Date.now();
  }, CLOCK_MS);
  now.value = Date.now();
  screen.value = 'main';
}

async function applyMe(next: StaffSelf): Promise<void> {
  const wasGranted = granted.value;
  // Shown only once this browser opened the key's private half and checked the pair (openGrants): never a key taken on the server's word.
  const current = heldProgramPublicKey(currentEpoch(next));
  programFingerprint.value = current ? await fingerprint(current) : null;
  me.value = next;
  granted.value = hasCurrentGrant(next);
  if (granted.value && !wasGranted && summaries.value.length > 0) {
    // Conversations listed before the key arrived could not be opened; take them up afresh.
    const list = summaries.value;
    clearConversations();
    onQueue(list);
  }
  clearInterval(grantPoll);
  grantPoll = granted.value ? undefined : setInterval(() => void refreshMe(), WAITING_POLL_MS);
}

/** Grants changed (or we are waiting for one): fetch this member again and open what is new. */
export async function refreshMe(): Promise<void> {
  try {
    const next = await api<StaffSelf>('GET', '/api/staff/me');
    await openGrants(next);
    await applyMe(next);
  } catch (error) {
    // A 401 ends the session through the api module; a bad grant is shown; anything else is retried.
    if (error instanceof KeyMismatchError) keyProblem.value = error.message;
  }
}

function onFrame(frame: ServerFrame): void {
  switch (frame.type) {
    case 'ready':
      resync();
      refreshArrivals();
      void afterReconnect().catch(() => undefined);
      break;
    case 'queue':
      onQueue(frame.conversations);
      break;
    case 'message':
      onMessage(frame);
      break;
    case 'ack':
      onAck(frame.conversationId, frame.clientId, frame.seq);
      break;
    case 'closed':
      onClosed(frame.conversationId, frame.by);
      forgetInterpreter(frame.conversationId);
      forgetPresence(frame.conversationId);
      break;
    case 'grants':
      void refreshMe();
      break;
    case 'notice':
      onNotice(frame);
      break;
    case 'status':
      onStatus(frame);
      break;
    case 'alert':
      onAlert(frame);
      break;
    case 'interpreter':
      onInterpreter(frame);
      break;
    case 'key_grant':
      void onKeyGrant(frame);
      break;
    case 'presence':
      onPresence(frame);
      break;
    case 'error':
      if (frame.code === 'unauthorized') endSession(SESSION_ENDED);
      else if (!onError(frame.code, frame.ref, frame.message)) notice.value = frame.message;
      break;
    default:
      break;
  }
}

/** Everything held for the session leaves memory: token, keys, decrypted text. */
export function endSession(reason: string | null): void {
  setUnauthorizedHandler(null);
  disconnect();
  setToken(null);
  clearKeys();
  clearConversations();
  clearTransfers();
  clearInterpreters();
  clearPresence();
  forgetAvailability();
  clearInterval(clock);
  clearInterval(grantPoll);
  me.value = null;
  granted.value = false;
  smsStatus.value = { enabled: false, outbound: false };
  programFingerprint.value = null;
  rotationProblem.value = null;
  rotatedFingerprint.value = null;
  clearServiceStatus();
  signedOutReason.value = reason;
  keyProblem.value = null;
  screen.value = 'signin';
}

export async function signOut(): Promise<void> {
  try {
    await api<void>('POST', '/api/staff/logout');
  } catch {
    // Signing out locally matters most; the server's session expires on its own.
  }
  endSession(null);
}

export const createInvite = (role: Role) => api<InviteCreated>('POST', '/api/staff/invites', { role });
