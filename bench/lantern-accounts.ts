import * as lc from '@lantern/crypto';
import { MAX_CONVERSATION_CAP, type InviteCreated, type Session, type StaffSelf } from '@lantern/protocol';
import { generate, generateSecret } from 'otplib';
import { getJson, postJson, putJson } from './http';
import { mapPool } from './pool';

/**
 * The staff of a Lantern run, made the way the console makes them: an admin who sets up the
 * program key, and advocates who accept invites and open the grant the admin seals to them.
 */

export interface Advocate {
  token: string;
  /** The program private key, opened from this advocate's own grant. */
  programPrivate: CryptoKey;
}

const PASSWORD = 'bench password, not a secret';

/** Every secret of the accounts, in the shape tools/forensics reads (`--keep-data`). */
export interface RunSecrets {
  staff: Array<{ username: string; password: string; totpSecret: string }>;
  programKeys: Array<{ epoch: number; privateKeyPkcs8: string }>;
}
/** Server-side, each account costs an Argon2id hash; a few at a time keep its thread pool busy. */
const ACCOUNT_CONCURRENCY = 8;

export async function createAccounts(url: string, setupToken: string, count: number, log: (line: string) => void): Promise<{ advocates: Advocate[]; secrets: RunSecrets }> {
  // One PBKDF2 run (600,000 iterations, ~150 ms) shared by every account: the server's work per
  // account (Argon2id of the proof) is unchanged, and the load process is spared minutes of it.
  const salt = lc.newSalt();
  const { loginProof, wrappingKey } = await lc.derivePasswordKeys(PASSWORD, salt);
  const kdf = { salt, iterations: lc.PBKDF2_ITERATIONS };
  const staffKey = async (username: string) => {
    const pair = await lc.generateKeyPair(true);
    return { pair, upload: { publicKey: await lc.exportPublicKey(pair.publicKey), wrappedPrivateKey: await lc.wrapPrivateKey(pair.privateKey, wrappingKey, username) } };
  };

  // Two-factor enrolment: one secret for every bench account (each account spends a code once, so
  // sharing the secret is fine); the current code, since each account is enrolled with it just once.
  const totpSecret = generateSecret();
  const totp = async () => ({ secret: totpSecret, code: await generate({ secret: totpSecret }) });

  const adminKey = await staffKey('admin');
  const program = await lc.generateKeyPair(true);
  const admin = await postJson<Session>(`${url}/api/setup`, {
    setupToken,
    username: 'admin',
    displayName: 'Bench Admin',
    kdf,
    loginProof,
    staffKey: adminKey.upload,
    programKey: {
      publicKey: await lc.exportPublicKey(program.publicKey),
      grant: await lc.sealPrivateKey(program.privateKey, adminKey.pair.publicKey, lc.programKeyContext(1)),
    },
    totp: await totp(),
    alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }],
    noOtherWay: null,
  });

  // Each bench advocate holds many conversations at once (claimed, never routed: nobody is available).
  await putJson(`${url}/api/admin/routing`, { conversationCap: MAX_CONVERSATION_CAP, shiftEndMarginMinutes: 30, queuePlace: false }, admin.token);

  const started = performance.now();
  const advocates = await mapPool(count, ACCOUNT_CONCURRENCY, async (i) => {
    const username = `advocate-${i}`;
    const invite = await postJson<InviteCreated>(`${url}/api/staff/invites`, { role: 'advocate' }, admin.token);
    const key = await staffKey(username);
    const session = await postJson<Session>(`${url}/api/staff/accept`, {
      inviteToken: invite.inviteToken,
      username,
      displayName: `Advocate ${i}`,
      kdf,
      loginProof,
      staffKey: key.upload,
      totp: await totp(),
    });
    // The admin's browser seals the program key to the new member's public key.
    const sealed = await lc.sealPrivateKey(program.privateKey, await lc.importPublicKey(session.me.publicKey), lc.programKeyContext(1));
    await postJson(`${url}/api/staff/members/${session.me.id}/grants`, { epoch: 1, sealed }, admin.token);
    // The advocate's console: fetch itself, unwrap its own key with the password, open the grant.
    const me = await getJson<StaffSelf>(`${url}/api/staff/me`, session.token);
    const own = await lc.unwrapPrivateKey(me.wrappedPrivateKey, wrappingKey, username);
    const grant = me.grants.find((g) => g.epoch === 1);
    if (!grant) throw new Error(`${username} has no grant after the admin granted one`);
    if ((i + 1) % 100 === 0) log(`  ${i + 1}/${count} advocates (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return { token: session.token, programPrivate: await lc.openPrivateKey(own, grant.sealed, lc.programKeyContext(1)) };
  });
  const secrets: RunSecrets = {
    staff: ['admin', ...advocates.map((_, i) => `advocate-${i}`)].map((username) => ({ username, password: PASSWORD, totpSecret })),
    programKeys: [{ epoch: 1, privateKeyPkcs8: lc.toBase64Url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', program.privateKey))) }],
  };
  return { advocates, secrets };
}
