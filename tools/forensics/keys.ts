import * as lc from '@lantern/crypto';
import { eciesOpen, fromBase64Url } from './crypto';
import { openTotpSecret } from './open/phone';
import type { Secrets } from './secrets';
import type { Row } from './source/heap';

/**
 * Every long-term secret that follows from the rows and the given secrets: each password against
 * each staff row (live or dead) unwraps staff private keys, which open key grants (program keys of
 * every epoch); the program row holds the SMS server key and the secret the TOTP seals derive from.
 */

export interface StaffKey {
  id: string;
  username: string;
  privateKey: CryptoKey;
}

export interface KeyRing {
  staff: Map<string, StaffKey>;
  /** Program private keys by epoch (extractable: the auditor compares and reuses them). */
  program: Map<number, CryptoKey[]>;
  /** SMS vault keys: program.sms_server_key of any program row, and SERVER_KEY when given. */
  serverKeys: Buffer[];
  totpSecrets: number;
}

/** More than this is no real configuration; a row that asks for it is skipped rather than run for hours. */
const MAX_ITERATIONS = 10_000_000;
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

const text = (row: Row, column: string) => (typeof row.values[column] === 'string' ? (row.values[column] as string) : null);

async function pkcs8Of(key: CryptoKey): Promise<string> {
  return Buffer.from(await crypto.subtle.exportKey('pkcs8', key)).toString('base64url');
}

async function unwrapStaff(rows: Row[], secrets: Secrets, log: (line: string) => void): Promise<Map<string, StaffKey>> {
  const staff = new Map<string, StaffKey>();
  const derived = new Map<string, Promise<CryptoKey | null>>();
  const wrappingKey = (password: string, salt: string, iterations: number) => {
    const cacheKey = `${iterations}|${salt}|${password}`;
    if (!derived.has(cacheKey)) derived.set(cacheKey, lc.derivePasswordKeys(password, salt, iterations).then((k) => k.wrappingKey, () => null));
    return derived.get(cacheKey)!;
  };
  const seen = new Set<string>();
  for (const row of rows.filter((r) => r.table === 'staff')) {
    const [id, username, salt, wrapped] = [text(row, 'id'), text(row, 'username'), text(row, 'kdf_salt'), text(row, 'wrapped_private_key')];
    const iterations = row.values.kdf_iterations;
    if (!id || !username || !salt || !wrapped || typeof iterations !== 'number' || seen.has(wrapped)) continue;
    seen.add(wrapped);
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      log(`staff row ${username}: ${iterations} PBKDF2 iterations, skipped`);
      continue;
    }
    // A password is tried on every row, its own username's first: accounts renamed or reused still count.
    const passwords = [...secrets.staff].sort((a, b) => Number(b.username === username) - Number(a.username === username));
    for (const { password } of passwords) {
      const key = await wrappingKey(password, salt, iterations);
      if (!key) continue;
      try {
        staff.set(id, { id, username, privateKey: await lc.unwrapPrivateKey(wrapped, key, username) });
        break;
      } catch {
        // not this password
      }
    }
  }
  return staff;
}

async function addProgramKey(program: Map<number, CryptoKey[]>, known: Set<string>, epoch: number, key: CryptoKey): Promise<void> {
  const pkcs8 = await pkcs8Of(key);
  if (known.has(pkcs8)) return;
  known.add(pkcs8);
  program.set(epoch, [...(program.get(epoch) ?? []), key]);
}

export async function deriveKeys(rows: Row[], secrets: Secrets, log: (line: string) => void): Promise<KeyRing> {
  const staff = await unwrapStaff(rows, secrets, log);
  const program = new Map<number, CryptoKey[]>();
  const known = new Set<string>();
  for (const given of secrets.programKeys) {
    const pkcs8 = fromBase64Url(given.privateKeyPkcs8);
    if (!pkcs8) continue;
    await addProgramKey(program, known, given.epoch, await crypto.subtle.importKey('pkcs8', Uint8Array.from(pkcs8), P256, true, ['deriveBits']));
  }
  for (const row of rows.filter((r) => r.table === 'key_grants')) {
    const [staffId, sealed, epoch] = [text(row, 'staff_id'), text(row, 'sealed'), row.values.epoch];
    if (!sealed || typeof epoch !== 'number') continue;
    const holders = staffId && staff.has(staffId) ? [staff.get(staffId)!] : [...staff.values()];
    for (const holder of holders) {
      try {
        await addProgramKey(program, known, epoch, await lc.openPrivateKey(holder.privateKey, sealed, lc.programKeyContext(epoch), true));
        break;
      } catch {
        // sealed to someone else
      }
    }
  }

  const serverKeys = new Map<string, Buffer>();
  const serverSecrets = new Set<string>();
  for (const row of rows.filter((r) => r.table === 'program')) {
    const smsKey = fromBase64Url(text(row, 'sms_server_key') ?? '');
    if (smsKey?.length === 32) serverKeys.set(smsKey.toString('hex'), smsKey);
    const secret = text(row, 'server_secret');
    if (secret) serverSecrets.add(secret);
  }
  const given = secrets.serverKey ? fromBase64Url(secrets.serverKey) : null;
  if (given?.length === 32) serverKeys.set(given.toString('hex'), given);

  let totpSecrets = 0;
  const opened = new Set<string>();
  for (const row of rows.filter((r) => r.table === 'staff')) {
    const [id, sealed] = [text(row, 'id'), fromBase64Url(text(row, 'totp_sealed') ?? '')];
    if (!id || !sealed || opened.has(sealed.toString('hex'))) continue;
    for (const secret of serverSecrets) {
      const bytes = fromBase64Url(secret);
      if (bytes && openTotpSecret(bytes, sealed, id) !== null) {
        opened.add(sealed.toString('hex'));
        totpSecrets++;
        break;
      }
    }
  }
  return { staff, program, serverKeys: [...serverKeys.values()], totpSecrets };
}

export const allProgramKeys = (ring: KeyRing) => [...ring.program.values()].flat();

/**
 * Grants whose rows are gone but whose bytes were carved (a member deactivated, a key rotated):
 * a key_grants tuple starts with the staff id, so a staff key whose id is just before the run
 * tries the epochs up to one past the newest seen.
 */
export async function addCarvedGrants(ring: KeyRing, carved: Array<{ text: string; nearbyIds: Set<string> }>, newestEpoch: number): Promise<number> {
  const known = new Set(await Promise.all(allProgramKeys(ring).map(pkcs8Of)));
  const before = known.size;
  const contexts = Array.from({ length: newestEpoch + 1 }, (_, i) => lc.programKeyContext(i + 1));
  for (const run of carved) {
    const sealed = fromBase64Url(run.text);
    if (!sealed || sealed[0] !== 4 || sealed.length < 65 + 29) continue;
    const nearby = run.nearbyIds;
    for (const staff of ring.staff.values()) {
      if (!nearby.has(staff.id)) continue;
      const opened = await eciesOpen(staff.privateKey, sealed, contexts);
      if (!opened) continue;
      const epoch = Number(opened.context.slice('program-key/'.length));
      await addProgramKey(ring.program, known, epoch, await crypto.subtle.importKey('pkcs8', Uint8Array.from(opened.plaintext), P256, true, ['deriveBits']));
    }
  }
  return known.size - before;
}
