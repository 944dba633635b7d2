import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lc from '@lantern/crypto';
import type { Session } from '@lantern/protocol';
import { generate } from 'otplib';
import { availableBackends, openTestStore, type TestStore } from './support/backends';
import {
  FrameSocket,
  getJson,
  newTotpSecret,
  nextTotpCode,
  postJson,
  setupAdmin,
  signIn,
  startParticipant,
  totpCodeFor,
  totpSecretFor,
} from './support/clients';
import { startServer, type TestServer } from './support/server';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery';

/**
 * Staff sign-in security (issue #4): a TOTP code on every sign-in, each code once, a lock with
 * back-off after ten failures in a row, idle and absolute session time-outs, and a password change
 * that re-wraps the same key. Sessions and locks run on a fake clock; TOTP on real time, as the
 * authenticator app does.
 */
describe.each(await availableBackends())('staff sign-in security on %s', (backend) => {
  let ts: TestStore;
  let server: TestServer;
  let now = Date.now();
  const clock = () => new Date(now);
  /** Every password, proof, code and secret the test used: none may reach the audit log or the server log. */
  const secrets: string[] = [PASSWORD];
  let setupToken = '';

  beforeAll(async () => {
    ts = await openTestStore(backend);
    server = await startServer(ts.store, { staffIdleMinutes: 30, staffSessionHours: 2 }, clock);
    const setup = await setupAdmin(server.url, server.setupToken, 'admin', PASSWORD);
    expect(setup.status).toBe(201);
    setupToken = setup.body.token;
    secrets.push(totpSecretFor(server.url, 'admin'));
  });

  afterAll(async () => {
    await server?.close();
    await ts?.dispose();
  });

  async function proofOf(password: string, username = 'admin'): Promise<string> {
    const pre = await postJson<{ kdf: { salt: string; iterations: number } }>(`${server.url}/api/staff/prelogin`, { username });
    const proof = (await lc.derivePasswordKeys(password, pre.body.kdf.salt, pre.body.kdf.iterations)).loginProof;
    secrets.push(proof);
    return proof;
  }

  async function freshCode(username = 'admin'): Promise<string> {
    const code = await totpCodeFor(server.url, username);
    secrets.push(code);
    return code;
  }

  /** The current code, not spent: for attempts the server refuses before it checks the code (each test server takes a code once). */
  async function unspentCode(): Promise<string> {
    const code = await generate({ secret: totpSecretFor(server.url, 'admin') });
    secrets.push(code);
    return code;
  }

  const login = (body: Record<string, unknown>) =>
    postJson<Session & { error: string; message: string; until: string }>(`${server.url}/api/staff/login`, body);

  it('refuses an account whose first code does not match the secret, and keeps the link usable', async () => {
    const invite = await postJson<{ inviteToken: string }>(`${server.url}/api/staff/invites`, { role: 'advocate' }, setupToken);
    const secret = newTotpSecret();
    const salt = lc.newSalt();
    const keys = await lc.derivePasswordKeys('a joining password', salt);
    const pair = await lc.generateKeyPair(true);
    const body = {
      inviteToken: invite.body.inviteToken,
      username: 'jody',
      displayName: 'Jody',
      kdf: { salt, iterations: lc.PBKDF2_ITERATIONS },
      loginProof: keys.loginProof,
      staffKey: { publicKey: await lc.exportPublicKey(pair.publicKey), wrappedPrivateKey: await lc.wrapPrivateKey(pair.privateKey, keys.wrappingKey, 'jody') },
    };
    // A code of another secret: the app does not hold this one.
    const wrong = await postJson<{ error: string }>(`${server.url}/api/staff/accept`, { ...body, totp: { secret, code: await generate({ secret: newTotpSecret() }) } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('bad_code');
    expect(await ts.store.db.selectFrom('staff').select('id').where('username', '=', 'jody').executeTakeFirst()).toBeUndefined();
    const right = await postJson(`${server.url}/api/staff/accept`, { ...body, totp: { secret, code: await nextTotpCode(secret) } });
    expect(right.status).toBe(201);
    // The secret is kept sealed, not as it was sent.
    const stored = await ts.store.db.selectFrom('staff').select('totp_sealed').where('username', '=', 'jody').executeTakeFirstOrThrow();
    expect(stored.totp_sealed).toBeTruthy();
    expect(stored.totp_sealed).not.toContain(secret);
    secrets.push(secret);
  });

  it('signs in only with the password and a fresh code, with one answer for every failure', async () => {
    const proof = await proofOf(PASSWORD);
    const missing = await login({ username: 'admin', loginProof: proof });
    const wrong = await login({ username: 'admin', loginProof: proof, totpCode: (Number(await unspentCode()) ^ 1).toString().padStart(6, '0') });
    const badPassword = await login({ username: 'admin', loginProof: await proofOf('not the password'), totpCode: await unspentCode() });
    const nobody = await login({ username: 'nobody', loginProof: proof, totpCode: '123456' });
    for (const reply of [missing, wrong, badPassword, nobody]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual(missing.body);
    }

    const code = await freshCode();
    const good = await login({ username: 'admin', loginProof: proof, totpCode: code });
    expect(good.status).toBe(200);
    expect(good.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The same code again, within its window: refused like any wrong code.
    const replay = await login({ username: 'admin', loginProof: proof, totpCode: code });
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual(missing.body);
  });

  it('locks after ten failures in a row, refuses even the right password and code while locked, and backs off', async () => {
    const proof = await proofOf(PASSWORD);
    const wrongProof = await proofOf('a guess');
    const fail = () => login({ username: 'admin', loginProof: wrongProof, totpCode: '000000' });
    // The replay above was a failure: a success starts the count from nothing.
    expect((await login({ username: 'admin', loginProof: proof, totpCode: await freshCode() })).status).toBe(200);
    const start = now;

    for (let i = 1; i < 10; i++) expect((await fail()).status).toBe(401);
    const locked = await fail();
    expect(locked.status).toBe(423);
    expect(locked.body.error).toBe('locked');
    expect(Date.parse(locked.body.until)).toBe(start + MINUTE);
    expect(locked.body.message).toContain(locked.body.until);

    const whileLocked = await login({ username: 'admin', loginProof: proof, totpCode: await freshCode() });
    expect(whileLocked.status).toBe(423);
    // An unknown name is never locked: the answer does not say which names exist.
    expect((await login({ username: 'nobody', loginProof: proof, totpCode: '123456' })).status).toBe(401);

    // Past the first lock, ten more failures lock it for twice as long.
    now = start + MINUTE + 1000;
    for (let i = 1; i < 10; i++) expect((await fail()).status).toBe(401);
    const again = await fail();
    expect(again.status).toBe(423);
    expect(Date.parse(again.body.until)).toBe(now + 2 * MINUTE);
    now += MINUTE + 1000;
    expect((await login({ username: 'admin', loginProof: proof, totpCode: await unspentCode() })).status).toBe(423);

    now += MINUTE;
    const back = await login({ username: 'admin', loginProof: proof, totpCode: await freshCode() });
    expect(back.status).toBe(200);
    // Success starts the count (and the back-off) over: nine failures do not lock; a wrong code
    // with the right password counts as the tenth, and locks for the first length again.
    for (let i = 1; i < 10; i++) expect((await fail()).status).toBe(401);
    const codeFailure = await login({ username: 'admin', loginProof: proof, totpCode: '000000' });
    expect(codeFailure.status).toBe(423);
    expect(Date.parse(codeFailure.body.until)).toBe(now + MINUTE);
    now += MINUTE + 1000;
  });

  it('ends a session after the idle time-out, and its sockets, and after its hours in any case', async () => {
    const staff = await signIn(server.url, 'admin', PASSWORD);
    const token = staff.session.token;
    const socket = await FrameSocket.connect(server.wsUrl, token);
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );

    // Activity keeps it: a frame at 20 minutes (the ping after it is answered once the claim is
    // done), so 45 minutes after sign-in it still works; then each request 25 minutes apart.
    const participant = await startParticipant(server.url);
    now += 20 * MINUTE;
    socket.send({ type: 'claim', conversationId: participant.started.conversationId });
    socket.send({ type: 'ping' });
    await socket.next((f) => f.type === 'pong');
    expect(socket.frames.filter((f) => f.type === 'error')).toEqual([]);
    now += 25 * MINUTE;
    expect((await getJson(`${server.url}/api/staff/me`, token)).status).toBe(200);
    now += 25 * MINUTE;
    expect((await getJson(`${server.url}/api/staff/me`, token)).status).toBe(200);
    await server.accounts.endDeadSessions();
    expect((await getJson(`${server.url}/api/staff/me`, token)).status).toBe(200);
    expect(socket.socket.readyState).toBe(socket.socket.OPEN);

    now += 31 * MINUTE;
    const idle = await getJson<{ error: string }>(`${server.url}/api/staff/me`, token);
    expect(idle.status).toBe(401);
    expect(idle.body.error).toBe('session_idle');
    expect(await server.accounts.endDeadSessions()).toBeGreaterThanOrEqual(1);
    expect(await closed).toEqual({ code: 1008, reason: 'idle' });
    expect((await getJson(`${server.url}/api/staff/me`, token)).status).toBe(401);

    // Busy all along, a session still ends at its hours (2 in this test's config).
    const busy = (await signIn(server.url, 'admin', PASSWORD)).session.token;
    for (let minutes = 25; minutes < 120; minutes += 25) {
      now += 25 * MINUTE;
      expect((await getJson(`${server.url}/api/staff/me`, busy)).status).toBe(200);
    }
    now += 25 * MINUTE;
    const ended = await getJson<{ error: string }>(`${server.url}/api/staff/me`, busy);
    expect(ended.status).toBe(401);
    expect(ended.body.error).toBe('unauthorized');
  });

  it('changes the password: same key under the new one, the old one refused, other sessions ended', async () => {
    const other = await signIn(server.url, 'admin', PASSWORD);
    const here = await signIn(server.url, 'admin', PASSWORD);
    const me = here.session.me;
    const current = await lc.derivePasswordKeys(PASSWORD, me.kdf.salt, me.kdf.iterations);
    const salt = lc.newSalt();
    const next = await lc.derivePasswordKeys('a brand new passphrase', salt);
    secrets.push(current.loginProof, next.loginProof);
    const change = {
      currentProof: current.loginProof,
      kdf: { salt, iterations: lc.PBKDF2_ITERATIONS },
      loginProof: next.loginProof,
      wrappedPrivateKey: await lc.rewrapPrivateKey(me.wrappedPrivateKey, current.wrappingKey, next.wrappingKey, me.username),
    };
    // The old wrapping key does not open a key re-wrapped under a wrong one.
    await expect(lc.rewrapPrivateKey(me.wrappedPrivateKey, next.wrappingKey, current.wrappingKey, me.username)).rejects.toThrow();

    const badProof = await postJson(`${server.url}/api/staff/password`, { ...change, currentProof: next.loginProof, totpCode: await unspentCode() }, here.session.token);
    expect(badProof.status).toBe(403);
    const badCode = await postJson(`${server.url}/api/staff/password`, { ...change, totpCode: '000000' }, here.session.token);
    expect(badCode.status).toBe(403);

    const changed = await postJson(`${server.url}/api/staff/password`, { ...change, totpCode: await freshCode() }, here.session.token);
    expect(changed.status).toBe(204);
    expect((await getJson(`${server.url}/api/staff/me`, here.session.token)).status).toBe(200);
    expect((await getJson(`${server.url}/api/staff/me`, other.session.token)).status).toBe(401);

    const old = await login({ username: 'admin', loginProof: await proofOf(PASSWORD), totpCode: await unspentCode() });
    expect(old.status).toBe(401);
    const renewed = await signIn(server.url, 'admin', 'a brand new passphrase');
    // The same key pair, so every grant still opens.
    expect(renewed.session.me.publicKey).toBe(me.publicKey);
    expect(renewed.programPrivate.has(1)).toBe(true);
  });

  it('asks an account made before two-factor to enrol at its next sign-in, once the password is right', async () => {
    await ts.store.db.updateTable('staff').set({ totp_sealed: null, totp_last_step: null }).where('username', '=', 'jody').execute();
    const proof = await proofOf('a joining password', 'jody');
    const asked = await login({ username: 'jody', loginProof: proof, totpCode: '123456' });
    expect(asked.status).toBe(403);
    expect(asked.body.error).toBe('enrol_required');
    // Without the password, the question is not asked: the same 401 as always.
    expect((await login({ username: 'jody', loginProof: await proofOf('a guess', 'jody') })).status).toBe(401);

    const secret = newTotpSecret();
    secrets.push(secret);
    const wrongFirst = await login({ username: 'jody', loginProof: proof, totp: { secret, code: await generate({ secret: newTotpSecret() }) } });
    expect(wrongFirst.status).toBe(400);
    const enrolled = await login({ username: 'jody', loginProof: proof, totp: { secret, code: await nextTotpCode(secret) } });
    expect(enrolled.status).toBe(200);
    // From now on a code is required, and an enrolment is no way around it.
    const other = newTotpSecret();
    expect((await login({ username: 'jody', loginProof: proof, totp: { secret: other, code: await generate({ secret: other }) } })).status).toBe(401);
    expect((await login({ username: 'jody', loginProof: proof, totpCode: await nextTotpCode(secret) })).status).toBe(200);
  });

  it('audits failures, locks and changes with no password, proof, code or secret, and logs none either', async () => {
    const rows = await ts.store.db.selectFrom('audit_log').select(['action', 'detail']).orderBy('seq').execute();
    const actions = rows.map((r) => r.action);
    const failed = rows.filter((r) => r.action === 'staff.sign_in_failed').map((r) => (r.detail as { reason: string }).reason);
    expect(failed).toContain('password');
    expect(failed).toContain('code');
    expect(actions).toContain('staff.locked');
    expect(actions).toContain('staff.sign_in');
    expect(actions).toContain('staff.password_changed');
    expect(actions).toContain('staff.password_change_failed');
    const locks = rows.filter((r) => r.action === 'staff.locked').map((r) => (r.detail as { until: string }).until);
    expect(locks.length).toBeGreaterThanOrEqual(3);

    const details = JSON.stringify(rows.map((r) => r.detail));
    const log = server.logs.join('\n');
    for (const secret of secrets) {
      // Codes are six digits: only a match that stands alone counts (timestamps hold digit runs).
      const pattern = new RegExp(`(?<![0-9A-Za-z_-])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z_-])`);
      expect(details).not.toMatch(pattern);
      expect(log).not.toMatch(pattern);
    }
  });
});
