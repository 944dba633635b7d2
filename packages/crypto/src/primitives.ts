import { concat, CryptoFormatError, randomBytes, utf8 } from './encoding';

/** Format version of v1 blobs (first byte); protocol v2's conversation blobs start with V2. */
export const VERSION = 1;
export const V2 = 2;
export const NONCE_BYTES = 12;
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

export const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

export function generateKeyPair(extractable = false): Promise<CryptoKeyPair> {
  // The private half of the pair is extractable only when it must be wrapped or sealed.
  return subtle().generateKey(P256, extractable, ['deriveBits']) as Promise<CryptoKeyPair>;
}

export async function exportPublicKeyRaw(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().exportKey('raw', key));
}

export async function importPublicKeyRaw(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (raw.length !== 65 || raw[0] !== 4) throw new CryptoFormatError('not an uncompressed P-256 point');
  try {
    return await subtle().importKey('raw', raw, P256, true, []);
  } catch {
    throw new CryptoFormatError('not a point on P-256');
  }
}

export async function exportPrivateKeyPkcs8(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().exportKey('pkcs8', key));
}

export function importPrivateKeyPkcs8(pkcs8: Uint8Array<ArrayBuffer>, extractable: boolean): Promise<CryptoKey> {
  return subtle().importKey('pkcs8', pkcs8, P256, extractable, ['deriveBits']);
}

export async function ecdh(privateKey: CryptoKey, publicKey: CryptoKey): Promise<CryptoKey> {
  return hkdfBase(await ecdhBits(privateKey, publicKey));
}

/** The raw 32-byte shared secret, for when two of them are combined before HKDF. */
export async function ecdhBits(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
}

export function hkdfBase(ikm: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return subtle().importKey('raw', ikm, 'HKDF', false, ['deriveKey', 'deriveBits']);
}

export function hkdfAesKey(
  base: CryptoKey,
  salt: Uint8Array<ArrayBuffer>,
  info: string,
  extractable = false,
): Promise<CryptoKey> {
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) },
    base,
    { name: 'AES-GCM', length: 256 },
    extractable,
    ['encrypt', 'decrypt'],
  );
}

export async function hkdfBytes(base: CryptoKey, salt: Uint8Array<ArrayBuffer>, info: string, length: number) {
  return new Uint8Array(await subtle().deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, base, length * 8));
}

/** version || nonce || AES-GCM(plaintext, aad) */
export async function aeadSeal(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>, version = VERSION) {
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await subtle().encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, plaintext);
  return concat(Uint8Array.of(version), nonce, new Uint8Array(sealed));
}

export async function aeadOpen(key: CryptoKey, blob: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>, version = VERSION) {
  if (blob.length < 1 + NONCE_BYTES + 16 || blob[0] !== version) throw new CryptoFormatError('unknown blob version');
  const nonce = blob.slice(1, 1 + NONCE_BYTES);
  const opened = await subtle().decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, blob.slice(1 + NONCE_BYTES));
  return new Uint8Array(opened);
}
