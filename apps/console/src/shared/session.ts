import { fingerprint } from '@lantern/crypto';
import type { ProgramInfo, ServerFrame, Session, StaffSelf } from '@lantern/protocol';
import { api, setToken, setUnauthorizedHandler } from './api';
import { KeyMismatchError, clearKeys, currentEpoch, hasCurrentGrant, openGrants, openKeys, heldProgramPublicKey } from './keys';
import { clearServiceStatus, loadServiceStatus, onStatus } from './service-status';
import { connect, disconnect } from './socket';
import {
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

/**
 * What the features do at the session's edges. The shell fills it in (app/session-parts.ts), so
 * this module, which every feature may use, imports none of them.
 */
export interface SessionParts {
  /** At sign-in, beside the service status: what the features need before the console shows. */
  load(): Promise<void>;
  /** A frame for the features: the session itself takes grants, status and the end of the session. */
  onFrame(frame: ServerFrame): void;
  /** The program key of the current epoch has just arrived. */
  onGranted(): void;
  /** The session ends: what the features hold leaves memory. */
  clear(): void;
}

let parts: SessionParts | null = null;

export function wireSession(features: SessionParts): void {
  parts = features;
}

function wired(): SessionParts {
  if (!parts) throw new Error('The console started without wireSession.');
  return parts;
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

/** A session the server just opened: its keys, the features' state, the socket. */
export async function beginSession(session: Session, wrappingKey: CryptoKey): Promise<void> {
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
  await Promise.all([wired().load(), loadServiceStatus()]);
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
  if (granted.value && !wasGranted) wired().onGranted();
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
    case 'grants':
      void refreshMe();
      break;
    case 'status':
      onStatus(frame);
      break;
    case 'error':
      if (frame.code === 'unauthorized') endSession(SESSION_ENDED);
      else wired().onFrame(frame);
      break;
    default:
      wired().onFrame(frame);
  }
}

/** Everything held for the session leaves memory: token, keys, decrypted text. */
export function endSession(reason: string | null): void {
  setUnauthorizedHandler(null);
  disconnect();
  setToken(null);
  clearKeys();
  wired().clear();
  clearInterval(clock);
  clearInterval(grantPoll);
  me.value = null;
  granted.value = false;
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
