import {
  PBKDF2_ITERATIONS,
  decryptMessage,
  deriveConversationKeys,
  derivePasswordKeys,
  encryptMessage,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
  newSalt,
  open,
  openPrivateKey,
  programKeyContext,
  sealPrivateKey,
  unwrapPrivateKey,
  wrapPrivateKey,
} from '@lantern/crypto';
import type { Kdf, StaffKeyUpload, StaffSelf } from '@lantern/protocol';

/*
 * Unwrapped keys, in memory only. The staff private key is non-extractable; program private
 * keys are extractable only for admins, who must re-seal them to new members.
 */
let staffPrivate: CryptoKey | null = null;
const programPrivate = new Map<number, CryptoKey>();

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
export async function makeProgramKey(staffPublic: CryptoKey): Promise<{ publicKey: string; grant: string }> {
  const program = await generateKeyPair(true);
  return {
    publicKey: await exportPublicKey(program.publicKey),
    grant: await sealPrivateKey(program.privateKey, staffPublic, programKeyContext(1)),
  };
}

export const passwordKeys = (password: string, kdf: Kdf) => derivePasswordKeys(password, kdf.salt, kdf.iterations);

/** Opens the staff key with the password-derived key, then every grant. */
export async function openKeys(me: StaffSelf, wrappingKey: CryptoKey): Promise<void> {
  clearKeys();
  staffPrivate = await unwrapPrivateKey(me.wrappedPrivateKey, wrappingKey, me.username);
  await openGrants(me);
}

/** Opens grants not yet held (a new grant or epoch arrives while signed in). */
export async function openGrants(me: StaffSelf): Promise<void> {
  if (!staffPrivate) throw new Error('staff key is not open');
  for (const grant of me.grants) {
    if (programPrivate.has(grant.epoch)) continue;
    const key = await openPrivateKey(staffPrivate, grant.sealed, programKeyContext(grant.epoch), me.role === 'admin');
    const published = me.programKeys.find((k) => k.epoch === grant.epoch);
    // A grant that does not match the public key the server hands to participants would
    // leave their messages unreadable, or mean someone swapped the key: refuse it loudly.
    if (published && !(await pairMatches(key, published.publicKey))) {
      throw new KeyMismatchError(grant.epoch);
    }
    programPrivate.set(grant.epoch, key);
  }
}

export class KeyMismatchError extends Error {
  override name = 'KeyMismatchError';
  constructor(readonly epoch: number) {
    super(`The program key granted to you (epoch ${epoch}) does not match the one the server publishes.`);
  }
}

/** Round-trips a message between the two ends of a throwaway conversation: only a true pair can. */
async function pairMatches(programPrivateKey: CryptoKey, programPublic: string): Promise<boolean> {
  const probe = await generateKeyPair();
  const id = crypto.randomUUID();
  const participantSide = await deriveConversationKeys(probe.privateKey, await importPublicKey(programPublic), id);
  const staffSide = await deriveConversationKeys(programPrivateKey, probe.publicKey, id);
  const clientId = crypto.randomUUID();
  try {
    const sealed = await encryptMessage(participantSide, 'participant', clientId, { text: 'probe' });
    return (await decryptMessage(staffSide, 'participant', clientId, sealed)).text === 'probe';
  } catch {
    return false;
  }
}

export const currentEpoch = (me: StaffSelf) => me.programKeys.reduce((max, k) => Math.max(max, k.epoch), 0);
export const programKey = (epoch: number) => programPrivate.get(epoch) ?? null;
export const hasCurrentGrant = (me: StaffSelf) => currentEpoch(me) > 0 && programPrivate.has(currentEpoch(me));

/** Seals the program key of `epoch` to a member, after the admin has compared fingerprints. */
export async function grantTo(memberPublicKey: string, epoch: number): Promise<string> {
  const key = programPrivate.get(epoch);
  if (!key) throw new Error(`You do not hold the program key for epoch ${epoch}.`);
  return sealPrivateKey(key, await importPublicKey(memberPublicKey), programKeyContext(epoch));
}

/**
 * Keeps a program key this browser made itself (a rotation): there is no grant to open, and no
 * need to check the pair, which was made here a moment ago.
 */
export function holdProgramKey(epoch: number, key: CryptoKey): void {
  programPrivate.set(epoch, key);
}

/** Opens something sealed to this member's own staff key (a transfer note). */
export async function openWithStaffKey(sealed: string, context: string): Promise<Uint8Array> {
  if (!staffPrivate) throw new Error('staff key is not open');
  return open(staffPrivate, sealed, context);
}

export function clearKeys(): void {
  staffPrivate = null;
  programPrivate.clear();
}
