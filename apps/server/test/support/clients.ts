import { randomUUID } from 'node:crypto';
import * as lc from '@lantern/crypto';
import type { ConversationStarted, ServerFrame, Session } from '@lantern/protocol';
import { generate, generateSecret } from 'otplib';
import WebSocket from 'ws';

/** What a browser does, done in Node with the same crypto package. */

export async function postJson<T = unknown>(url: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function getJson<T = unknown>(url: string, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as T };
}

/*
 * Two-factor sign-in, as a person with an authenticator app does it. The helpers below enrol every
 * account they make and remember its secret by server and username (and by username alone, for
 * nodes that share one database), so tests sign in without knowing about codes.
 */
const TOTP_PERIOD = 30;
/**
 * Steps after now the helpers may use: test servers accept 10 either side (support/server.ts).
 * Steps from the one before now come first, so a server on the default window of 1 (a child
 * process) takes the first three codes of a burst too.
 */
const TOTP_AHEAD = 10;
/** Seconds a chosen code must stay valid on the server at either end, so it is never late. */
const TOTP_MARGIN = 3;
const secretsByServer = new Map<string, string>();
const secretsByUsername = new Map<string, string>();
/** The last time step used per secret: the server takes each code once. */
const usedSteps = new Map<string, number>();

export function newTotpSecret(): string {
  return generateSecret();
}

/** Remembers the secret an account enrolled with (a browser test reads it off the page). */
export function rememberTotpSecret(url: string, username: string, secret: string): void {
  secretsByServer.set(`${url}|${username}`, secret);
  secretsByUsername.set(username, secret);
}

export function totpSecretFor(url: string, username: string): string {
  const secret = secretsByServer.get(`${url}|${username}`) ?? secretsByUsername.get(username);
  if (!secret) throw new Error(`no TOTP secret known for ${username} at ${url}`);
  return secret;
}

/**
 * A code the server has not seen yet for this secret: the server takes each step once, in order,
 * so a burst of sign-ins uses the steps from just before now onwards, and waits for time when it
 * runs out of them.
 */
export async function nextTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Date.now() / 1000;
    const earliest = Math.ceil((now + TOTP_MARGIN) / TOTP_PERIOD) - 2;
    const latest = Math.floor((now - TOTP_MARGIN) / TOTP_PERIOD) + TOTP_AHEAD;
    const step = Math.max(earliest, (usedSteps.get(secret) ?? -Infinity) + 1);
    if (step <= latest) {
      usedSteps.set(secret, step);
      return generate({ secret, epoch: step * TOTP_PERIOD });
    }
    await new Promise((resolve) => setTimeout(resolve, ((step - TOTP_AHEAD) * TOTP_PERIOD + TOTP_MARGIN - now) * 1000 + 50));
  }
}

/** The next code of a known account. */
export function totpCodeFor(url: string, username: string): Promise<string> {
  return nextTotpCode(totpSecretFor(url, username));
}

/** A fresh secret and its first code, as the setup and join screens send them; remembered once the server took it. */
async function enrolment(url: string, username: string) {
  const secret = newTotpSecret();
  return { totp: { secret, code: await nextTotpCode(secret) }, remember: () => rememberTotpSecret(url, username, secret) };
}

export interface StaffKeys {
  session: Session;
  staffPrivate: CryptoKey;
  programPrivate: Map<number, CryptoKey>;
}

async function newStaffMaterial(username: string, password: string) {
  const salt = lc.newSalt();
  const { loginProof, wrappingKey } = await lc.derivePasswordKeys(password, salt);
  const pair = await lc.generateKeyPair(true);
  return {
    kdf: { salt, iterations: lc.PBKDF2_ITERATIONS },
    loginProof,
    staffKey: { publicKey: await lc.exportPublicKey(pair.publicKey), wrappedPrivateKey: await lc.wrapPrivateKey(pair.privateKey, wrappingKey, username) },
    pair,
  };
}

export async function setupAdmin(url: string, setupToken: string, username = 'admin', password = 'correct horse battery') {
  const material = await newStaffMaterial(username, password);
  const program = await lc.generateKeyPair(true);
  const grant = await lc.sealPrivateKey(program.privateKey, material.pair.publicKey, lc.programKeyContext(1));
  const attestation = await lc.attestMemberKey(program.privateKey, program.publicKey, 1, material.staffKey.publicKey);
  const { totp, remember } = await enrolment(url, username);
  const reply = await postJson<Session>(`${url}/api/setup`, {
    setupToken,
    username,
    displayName: 'Ada Admin',
    kdf: material.kdf,
    loginProof: material.loginProof,
    staffKey: material.staffKey,
    programKey: { publicKey: await lc.exportPublicKey(program.publicKey), grant, attestation },
    totp,
  });
  if (reply.status === 201) remember();
  return { ...reply, program };
}

/** `participantName` left out: the server's default, the first word of `displayName`. */
export async function acceptInvite(url: string, inviteToken: string, username: string, password: string, displayName = 'Avery Advocate', participantName?: string) {
  const material = await newStaffMaterial(username, password);
  const { totp, remember } = await enrolment(url, username);
  const reply = await postJson<Session>(`${url}/api/staff/accept`, {
    inviteToken,
    username,
    displayName,
    ...(participantName === undefined ? {} : { participantName }),
    kdf: material.kdf,
    loginProof: material.loginProof,
    staffKey: material.staffKey,
    totp,
  });
  if (reply.status === 201) remember();
  return reply;
}

/** Sign-in as the console does it: prelogin for the salt, derive, prove with a fresh code, unwrap, open grants. */
export async function signIn(url: string, username: string, password: string): Promise<StaffKeys> {
  const pre = await postJson<{ kdf: { salt: string; iterations: number } }>(`${url}/api/staff/prelogin`, { username });
  const { loginProof, wrappingKey } = await lc.derivePasswordKeys(password, pre.body.kdf.salt, pre.body.kdf.iterations);
  // An account no helper enrolled (or a name that does not exist) gets a code that will not match.
  const secret = secretsByServer.get(`${url}|${username}`) ?? secretsByUsername.get(username);
  const totpCode = secret ? await nextTotpCode(secret) : '000000';
  const login = await postJson<Session>(`${url}/api/staff/login`, { username, loginProof, totpCode });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  return openKeys(login.body, wrappingKey);
}

async function openKeys(session: Session, wrappingKey: CryptoKey): Promise<StaffKeys> {
  const staffPrivate = await lc.unwrapPrivateKey(session.me.wrappedPrivateKey, wrappingKey, session.me.username);
  const programPrivate = new Map<number, CryptoKey>();
  for (const grant of session.me.grants) {
    programPrivate.set(grant.epoch, await lc.openPrivateKey(staffPrivate, grant.sealed, lc.programKeyContext(grant.epoch), session.me.role === 'admin'));
  }
  return { session, staffPrivate, programPrivate };
}

export interface Participant {
  started: ConversationStarted;
  keys: lc.ConversationKeys;
}

/** Starts a conversation and, as the page does after "I understand", acknowledges the rights notice (unless told not to). */
export async function startParticipant(url: string, { acknowledge = true }: { acknowledge?: boolean } = {}): Promise<Participant> {
  const pair = await lc.generateKeyPair();
  const reply = await postJson<ConversationStarted>(`${url}/api/conversations`, { participantKey: await lc.exportPublicKey(pair.publicKey) });
  if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  if (acknowledge) {
    const acknowledged = await postJson(`${url}/api/conversations/acknowledge`, { token: reply.body.token });
    if (acknowledged.status !== 204) throw new Error(`acknowledge failed: ${acknowledged.status} ${JSON.stringify(acknowledged.body)}`);
  }
  const keys = await lc.deriveConversationKeys(pair.privateKey, await lc.importPublicKey(reply.body.programKey.publicKey), reply.body.conversationId);
  return { started: reply.body, keys };
}

/**
 * A participant as the v2 page is: its own conversation secret, and once `answerOn` a socket, it
 * hands the secret to every staff device that asks, sealed with E and the program key.
 */
export async function startV2Participant(
  url: string,
): Promise<Participant & { secret: Uint8Array<ArrayBuffer>; participantKey: string; grantTo(deviceKey: string): Promise<string>; answerOn(socket: FrameSocket): void }> {
  const pair = await lc.generateKeyPair();
  const participantKey = await lc.exportPublicKey(pair.publicKey);
  const reply = await postJson<ConversationStarted>(`${url}/api/conversations`, { participantKey });
  if (reply.status !== 201) throw new Error(`start failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  const acknowledged = await postJson(`${url}/api/conversations/acknowledge`, { token: reply.body.token });
  if (acknowledged.status !== 204) throw new Error(`acknowledge failed: ${acknowledged.status}`);
  const conversationId = reply.body.conversationId;
  const secret = lc.newConversationSecret();
  const programPublic = await lc.importPublicKey(reply.body.programKey.publicKey);
  const grantTo = async (deviceKey: string) =>
    lc.sealSecretFromParticipant(secret, pair.privateKey, programPublic, await lc.importPublicKey(deviceKey), { conversationId, fromPublic: participantKey, toPublic: deviceKey });
  return {
    started: reply.body,
    keys: await lc.deriveMessageKeys(secret, conversationId),
    secret,
    participantKey,
    grantTo,
    answerOn(socket) {
      socket.socket.on('message', async (data) => {
        const frame = JSON.parse(String(data)) as ServerFrame;
        if (frame.type !== 'key_request' || frame.conversationId !== conversationId) return;
        socket.send({ type: 'key_grant', conversationId, deviceKey: frame.deviceKey, fromKey: participantKey, sealed: await grantTo(frame.deviceKey) });
      });
    },
  };
}

/** A socket that records every frame and lets a test wait for one. */
export class FrameSocket {
  readonly frames: ServerFrame[] = [];
  /** Every frame as the text that came over the wire. */
  readonly raw: string[] = [];
  private waiters: Array<{ match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }> = [];
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number }>;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => resolve({ code })));
    this.socket.on('message', (data) => {
      this.raw.push(String(data));
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }

  static async connect(url: string, token?: string): Promise<FrameSocket> {
    const socket = new FrameSocket(url);
    await socket.opened;
    if (token) {
      socket.send({ type: 'auth', token });
      await socket.next((f) => f.type === 'ready' || f.type === 'error');
    }
    return socket;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that matches. */
  next<T extends ServerFrame>(match: (f: ServerFrame) => boolean, timeoutMs = 10_000): Promise<T> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f as T)) });
    });
  }

  close(): void {
    this.socket.close();
  }
}

export async function sendText(socket: FrameSocket, keys: lc.ConversationKeys, sender: lc.Sender, text: string, clientId = randomUUID()) {
  const body = await lc.encryptMessage(keys, sender, clientId, { text });
  socket.send({ type: 'send', conversationId: keys.conversationId, clientId, body });
  return { clientId, body };
}

export async function staffKeysFor(staff: StaffKeys, summary: { id: string; epoch: number; participantKey: string | null }) {
  if (!summary.participantKey) throw new Error(`conversation ${summary.id} has no participant key (SMS?)`);
  const programPrivate = staff.programPrivate.get(summary.epoch);
  if (!programPrivate) throw new Error(`no grant for epoch ${summary.epoch}`);
  return lc.deriveConversationKeys(programPrivate, await lc.importPublicKey(summary.participantKey), summary.id);
}

/**
 * What a console does to open a conversation (protocol v2): a one-conversation device key, a
 * `key_request` on a socket that synced the conversation, and the holder's grant opened with the
 * program key. Resolves to the message keys.
 */
export async function requestConversationKeys(socket: FrameSocket, staff: StaffKeys, summary: { id: string; epoch: number; participantKey: string | null }) {
  if (!summary.participantKey) throw new Error(`conversation ${summary.id} has no holder key`);
  const device = await lc.generateKeyPair();
  const deviceKey = await lc.exportPublicKey(device.publicKey);
  // Asked again until answered, as the console does: the participant's page may not be connected yet.
  const granted = socket.next<Extract<ServerFrame, { type: 'key_grant' }>>((f) => f.type === 'key_grant' && f.deviceKey === deviceKey, 20_000);
  let answered = false;
  void granted.then(() => (answered = true), () => {});
  for (let tries = 0; !answered && tries < 20; tries++) {
    socket.send({ type: 'key_request', conversationId: summary.id, deviceKey });
    await Promise.race([granted.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000))]);
  }
  const grant = await granted;
  const holder = await lc.importPublicKey(summary.participantKey);
  const secret = await lc.openSecretGrant(grant.sealed, staff.programPrivate.get(summary.epoch)!, holder, device.privateKey, holder, {
    conversationId: summary.id,
    fromPublic: grant.fromKey,
    toPublic: deviceKey,
  });
  return lc.deriveMessageKeys(secret, summary.id);
}

/** What an admin's browser does after the fingerprint check: seals the program key to the member and vouches for their key. */
export async function grantMember(url: string, admin: StaffKeys, member: { id: string; publicKey: string }, epoch = 1): Promise<void> {
  const programPrivate = admin.programPrivate.get(epoch)!;
  const programPublic = await lc.importPublicKey(admin.session.me.programKeys.find((k) => k.epoch === epoch)!.publicKey);
  const sealed = await lc.sealPrivateKey(programPrivate, await lc.importPublicKey(member.publicKey), lc.programKeyContext(epoch));
  const attestation = await lc.attestMemberKey(programPrivate, programPublic, epoch, member.publicKey);
  const reply = await postJson(`${url}/api/staff/members/${member.id}/grants`, { epoch, sealed, attestation }, admin.session.token);
  if (reply.status !== 204) throw new Error(`grant failed: ${reply.status}`);
}

/** An admin invites a member, who joins; the admin's key work grants them the program key. */
export async function inviteMember(url: string, admin: StaffKeys, username: string, password: string, role: 'advocate' | 'supervisor' | 'admin' = 'advocate') {
  const invite = await postJson<{ inviteToken: string }>(`${url}/api/staff/invites`, { role }, admin.session.token);
  const joined = await acceptInvite(url, invite.body.inviteToken, username, password);
  await grantMember(url, admin, joined.body.me);
  return signIn(url, username, password);
}
