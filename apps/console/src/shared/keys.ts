import {
  PBKDF2_ITERATIONS,
  derivePasswordKeys,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
  keyPairMatches,
  attestMemberKey,
  memberKeyAttested,
  newSalt,
  open,
  openPrivateKey,
  programKeyContext,
  sealPrivateKey,
  unwrapPrivateKeyBytes,
  publicKeyOfPkcs8,
  importPrivateKeyPkcs8,
  wrapPrivateKey,
} from '@lantern/crypto';
import { signal } from '@preact/signals';
import type { Kdf, StaffKeyUpload, StaffSelf } from '@lantern/protocol';

/*
 * Unwrapped keys, in memory only. The staff private key is non-extractable; program private
 * keys are extractable only for admins, who must re-seal them to new members.
 */
let staffPrivate: CryptoKey | null = null;
const programPrivate = new Map<number, CryptoKey>();
/**
 * The public half of each program key this browser holds, as checked against the private half when
 * it was opened (or made here). Everything this console shows or seals to uses these, never the
 * list in a later /api/staff/me, which a hostile server could change under a held key.
 */
const programPublic = new Map<number, string>();

export interface NewStaffKeys {
  kdf: Kdf;
  loginProof: string;
  staffKey: StaffKeyUpload;
  staffPublic: CryptoKey;
  wrappingKey: CryptoKey;
}

/** A new password derivation and staff key pair, for setup and for accepting an invite. */
export async function makeStaffKeys(password: string, username: string): Promise<NewStaffKeys> {
  const salt = newSalt();
  const { loginProof, wrappingKey } = await derivePasswordKeys(password, salt);
  const staff = await generateKeyPair(true);
  return {
    kdf: { salt, iterations: PBKDF2_ITERATIONS },
    loginProof,
    staffKey: {
      publicKey: await exportPublicKey(staff.publicKey),
      wrappedPrivateKey: await wrapPrivateKey(staff.privateKey, wrappingKey, username),
    },
    staffPublic: staff.publicKey,
    wrappingKey,
  };
}

/** The program key pair, made once at setup; its private half leaves only as a grant to the first admin. */
export async function makeProgramKey(staffPublic: CryptoKey): Promise<{ publicKey: string; grant: string; attestation: string }> {
  const program = await generateKeyPair(true);
  return {
    publicKey: await exportPublicKey(program.publicKey),
    grant: await sealPrivateKey(program.privateKey, staffPublic, programKeyContext(1)),
    attestation: await attestMemberKey(program.privateKey, program.publicKey, 1, await exportPublicKey(staffPublic)),
  };
}

/**
 * The floor is this console's, not the server's: a server (or someone in its place) that answers
 * sign-in with a cheap cost would get a login proof it could crack at leisure.
 */
export class WeakKdfError extends Error {
  override name = 'WeakKdfError';
  constructor(iterations: number) {
    super(
      `The server asked for a password derivation of ${iterations.toLocaleString('en')} rounds, below the ${PBKDF2_ITERATIONS.toLocaleString('en')} this console requires. Your password was not used. Tell your admin: someone may be tampering with the connection.`,
    );
  }
}

export function passwordKeys(password: string, kdf: Kdf) {
  if (!Number.isSafeInteger(kdf.iterations) || kdf.iterations < PBKDF2_ITERATIONS) return Promise.reject(new WeakKdfError(kdf.iterations));
  return derivePasswordKeys(password, kdf.salt, kdf.iterations);
}

/**
 * The public half of this member's own key, as this browser opened it: the fingerprint shown for
 * comparison is of this, never of the copy the server lists (a swapped copy would show its own).
 */
export const ownPublicKey = signal<string | null>(null);

/** Opens the staff key with the password-derived key, then every grant. */
export async function openKeys(me: StaffSelf, wrappingKey: CryptoKey): Promise<void> {
  clearKeys();
  const pkcs8 = await unwrapPrivateKeyBytes(me.wrappedPrivateKey, wrappingKey, me.username);
  try {
    ownPublicKey.value = await publicKeyOfPkcs8(pkcs8);
    staffPrivate = await importPrivateKeyPkcs8(pkcs8, false);
  } finally {
    pkcs8.fill(0);
  }
  // The server's copy of our public key is what admins seal grants to: a different one is an attack.
  if (ownPublicKey.value !== me.publicKey) throw new OwnKeyMismatchError();
  await openGrants(me);
}

export class OwnKeyMismatchError extends Error {
  override name = 'OwnKeyMismatchError';
  constructor() {
    super('The server lists a public key for you that is not the one your password opens. Do not ask for access: tell an admin in person, someone may be tampering with the server.');
  }
}

/** Opens grants not yet held (a new grant or epoch arrives while signed in), and checks the held ones' public keys again. */
export async function openGrants(me: StaffSelf): Promise<void> {
  if (!staffPrivate) throw new Error('staff key is not open');
  for (const grant of me.grants) {
    const published = me.programKeys.find((k) => k.epoch === grant.epoch);
    const held = programPublic.get(grant.epoch);
    // A held key the server now lists differently: someone swapped it (the pair was checked when it was opened).
    if (held) {
      if (published && published.publicKey !== held) throw new KeyMismatchError(grant.epoch);
      continue;
    }
    const key = await openPrivateKey(staffPrivate, grant.sealed, programKeyContext(grant.epoch), me.role === 'admin');
    // A grant that does not match the public key the server hands to participants would
    // leave their messages unreadable, or mean someone swapped the key: refuse it loudly.
    if (!published || !(await pairMatches(key, published.publicKey))) {
      throw new KeyMismatchError(grant.epoch);
    }
    programPrivate.set(grant.epoch, key);
    programPublic.set(grant.epoch, published.publicKey);
  }
}

/** The checked public key of a program key epoch this browser holds; null when it holds none. */
export const heldProgramPublicKey = (epoch: number) => programPublic.get(epoch) ?? null;

export class KeyMismatchError extends Error {
  override name = 'KeyMismatchError';
  constructor(readonly epoch: number) {
    super(`The program key granted to you (epoch ${epoch}) does not match the one the server publishes.`);
  }
}

async function pairMatches(programPrivateKey: CryptoKey, programPublic: string): Promise<boolean> {
  try {
    return await keyPairMatches(programPrivateKey, await importPublicKey(programPublic));
  } catch {
    return false;
  }
}

export const currentEpoch = (me: StaffSelf) => me.programKeys.reduce((max, k) => Math.max(max, k.epoch), 0);
export const programKey = (epoch: number) => programPrivate.get(epoch) ?? null;
export const hasCurrentGrant = (me: StaffSelf) => currentEpoch(me) > 0 && programPrivate.has(currentEpoch(me));

/**
 * Seals the program key of `epoch` to a member, after the admin has compared fingerprints, and
 * vouches for the key so the next rotation can tell it from one swapped in later.
 */
export async function grantTo(memberPublicKey: string, epoch: number): Promise<{ sealed: string; attestation: string }> {
  const key = programPrivate.get(epoch);
  const published = programPublic.get(epoch);
  if (!key || !published) throw new Error(`You do not hold the program key for epoch ${epoch}.`);
  return {
    sealed: await sealPrivateKey(key, await importPublicKey(memberPublicKey), programKeyContext(epoch)),
    attestation: await attestMemberKey(key, await importPublicKey(published), epoch, memberPublicKey),
  };
}

/** Whether an admin's browser vouched for this member key under the program key of `epoch` (checked pair: openGrants). */
export async function keyVouchedFor(memberPublicKey: string, attestation: string | null, epoch: number): Promise<boolean> {
  const key = programPrivate.get(epoch);
  const published = programPublic.get(epoch);
  if (!key || !published || !attestation) return false;
  return memberKeyAttested(key, await importPublicKey(published), epoch, memberPublicKey, attestation);
}

/**
 * Keeps a program key this browser made itself (a rotation): there is no grant to open, and no
 * need to check the pair, which was made here a moment ago.
 */
export function holdProgramKey(epoch: number, key: CryptoKey, publicKey: string): void {
  programPrivate.set(epoch, key);
  programPublic.set(epoch, publicKey);
}

/** Opens something sealed to this member's own staff key (a transfer note). */
export async function openWithStaffKey(sealed: string, context: string): Promise<Uint8Array> {
  if (!staffPrivate) throw new Error('staff key is not open');
  return open(staffPrivate, sealed, context);
}

export function clearKeys(): void {
  staffPrivate = null;
  ownPublicKey.value = null;
  programPublic.clear();
  programPrivate.clear();
}
