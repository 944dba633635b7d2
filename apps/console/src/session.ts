import { fingerprint } from '@lantern/crypto';
import type { InviteCreated, PreLoginReply, ProgramInfo, Role, ServerFrame, Session, StaffSelf } from '@lantern/protocol';
import { api, setToken, setUnauthorizedHandler } from './api';
import { clearConversations, notice, onAck, onClosed, onError, onMessage, onNotice, onQueue, resync, summaries } from './conversations';
import { KeyMismatchError, clearKeys, currentEpoch, hasCurrentGrant, makeProgramKey, makeStaffKeys, openGrants, openKeys, passwordKeys } from './keys';
import { clearServiceStatus, loadServiceStatus, onStatus } from './service-status';
import { loadSmsStatus, smsStatus } from './sms';
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
  displayName: string;
  username: string;
  password: string;
}

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
    kdf: keys.kdf,
    loginProof: keys.loginProof,
    staffKey: keys.staffKey,
    programKey,
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
    kdf: keys.kdf,
    loginProof: keys.loginProof,
    staffKey: keys.staffKey,
  });
  clearFragment();
  await begin(session, keys.wrappingKey);
}

export async function signIn(username: string, password: string): Promise<void> {
  const { kdf } = await api<PreLoginReply>('POST', '/api/staff/prelogin', { username });
  const { loginProof, wrappingKey } = await passwordKeys(password, kdf);
  const session = await api<Session>('POST', '/api/staff/login', { username, loginProof });
  await begin(session, wrappingKey);
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
  setUnauthorizedHandler(() => endSession('Your session has ended. Sign in again.'));
  connect(session.token, { onFrame });
  clearInterval(clock);
  clock = setInterval(() => {
    now.value = Date.now();
  }, CLOCK_MS);
  now.value = Date.now();
  screen.value = 'main';
}

async function applyMe(next: StaffSelf): Promise<void> {
  const wasGranted = granted.value;
  const current = next.programKeys.find((k) => k.epoch === currentEpoch(next));
  programFingerprint.value = current ? await fingerprint(current.publicKey) : null;
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
    case 'error':
      if (frame.code === 'unauthorized') endSession('Your session has ended. Sign in again.');
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
