import { concat, fromBase64Url, randomBytes, toBase64Url, utf8 } from './encoding';
import {
  aeadOpen,
  aeadSeal,
  exportPrivateKeyPkcs8,
  hkdfAesKey,
  hkdfBytes,
  importPrivateKeyPkcs8,
  subtle,
} from './primitives';

export const PBKDF2_ITERATIONS = 600_000;
const EMPTY = new Uint8Array(0);

export interface PasswordKeys {
  /** Sent to the server at sign-in; the server keeps only an Argon2id hash of it. */
  loginProof: string;
  /** Opens the staff member's own private key; never leaves the browser. */
  wrappingKey: CryptoKey;
}

export const newSalt = (): string => toBase64Url(randomBytes(16));

/**
 * One PBKDF2 run, two HKDF branches: the login proof and the wrapping key cannot be
 * computed from each other, so the server's copy of the proof does not open the key.
 */
export async function derivePasswordKeys(
  password: string,
  salt: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<PasswordKeys> {
  const passwordKey = await subtle().importKey('raw', utf8(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const master = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64Url(salt), iterations },
    passwordKey,
    256,
  );
  const base = await subtle().importKey('raw', master, 'HKDF', false, ['deriveKey', 'deriveBits']);
  return {
    loginProof: toBase64Url(await hkdfBytes(base, EMPTY, 'lantern/v1/login-proof', 32)),
    wrappingKey: await hkdfAesKey(base, EMPTY, 'lantern/v1/wrap-staff-key'),
  };
}

const wrapContext = (username: string) => utf8(`lantern/v1/staff-key|${username}`);

export async function wrapPrivateKey(privateKey: CryptoKey, wrappingKey: CryptoKey, username: string): Promise<string> {
  return toBase64Url(await aeadSeal(wrappingKey, await exportPrivateKeyPkcs8(privateKey), wrapContext(username)));
}

/**
 * A password change: the same private key, opened with the old wrapping key and sealed under the
 * new one, without ever becoming a CryptoKey (the unwrapped one is non-extractable). Throws when
 * the old key does not open it, that is when the current password is wrong.
 */
export async function rewrapPrivateKey(wrapped: string, oldWrappingKey: CryptoKey, newWrappingKey: CryptoKey, username: string): Promise<string> {
  const pkcs8 = await aeadOpen(oldWrappingKey, fromBase64Url(wrapped), wrapContext(username));
  try {
    return toBase64Url(await aeadSeal(newWrappingKey, pkcs8, wrapContext(username)));
  } finally {
    pkcs8.fill(0);
  }
}

/** The unwrapped key is non-extractable: it can derive, never be read out of the browser. */
export async function unwrapPrivateKey(wrapped: string, wrappingKey: CryptoKey, username: string): Promise<CryptoKey> {
  return importPrivateKeyPkcs8(await unwrapPrivateKeyBytes(wrapped, wrappingKey, username), false);
}

/** The PKCS #8 bytes of the wrapped key, for a caller that also needs its public half (then zeroes them). */
export function unwrapPrivateKeyBytes(wrapped: string, wrappingKey: CryptoKey, username: string): Promise<Uint8Array<ArrayBuffer>> {
  return aeadOpen(wrappingKey, fromBase64Url(wrapped), wrapContext(username));
}

/**
 * The public key (base64url raw point) of a PKCS #8 private key, computed here: what a fingerprint
 * must be of, rather than a public key some server hands over.
 */
export async function publicKeyOfPkcs8(pkcs8: Uint8Array<ArrayBuffer>): Promise<string> {
  const jwk = await subtle().exportKey('jwk', await importPrivateKeyPkcs8(pkcs8, true));
  return toBase64Url(concat(Uint8Array.of(4), fromBase64Url(jwk.x!), fromBase64Url(jwk.y!)));
}
