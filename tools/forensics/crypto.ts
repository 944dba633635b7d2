import { createDecipheriv, hkdfSync } from 'node:crypto';

/*
 * The primitives every opener shares, in node:crypto so that one ECDH serves many guessed contexts
 * (a carved blob's conversation, sender and message id are guesses). The formats are the ones
 * docs/protocol.md names; packages/crypto makes them, and the control tests open what it made.
 */

const NONCE = 12;
const TAG = 16;
const POINT = 65;

export const utf8 = (text: string) => Buffer.from(text, 'utf8');

export const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string, length = 32): Buffer =>
  Buffer.from(hkdfSync('sha256', ikm, salt, utf8(info), length));

/** version || nonce(12) || AES-256-GCM ciphertext || tag(16); null when it does not open. */
export function gcmOpen(key: Uint8Array, blob: Uint8Array, aad: Uint8Array, version: number): Buffer | null {
  if (blob.length < 1 + NONCE + TAG || blob[0] !== version) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 1 + NONCE));
    decipher.setAAD(aad);
    decipher.setAuthTag(blob.subarray(blob.length - TAG));
    return Buffer.concat([decipher.update(blob.subarray(1 + NONCE, blob.length - TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

/** The raw 32-byte P-256 shared secret, or null for bytes that are no point on the curve. */
export async function ecdh(privateKey: CryptoKey, publicRaw: Uint8Array): Promise<Buffer | null> {
  if (publicRaw.length !== POINT || publicRaw[0] !== 4) return null;
  try {
    const publicKey = await crypto.subtle.importKey('raw', Uint8Array.from(publicRaw), { name: 'ECDH', namedCurve: 'P-256' }, false, []);
    return Buffer.from(await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
  } catch {
    return null;
  }
}

/** Bytes of a base64url string, or null when it is not one (or not whole bytes). */
export function fromBase64Url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64url');
}

/**
 * ECIES as packages/crypto/src/seal.ts makes it: ephemeral point || v1 AEAD blob under
 * HKDF(ECDH, salt = point, info = "lantern/v1/seal|" + context), context as additional data.
 * One ECDH, then each guessed context: the first that opens wins.
 */
export async function eciesOpen(privateKey: CryptoKey, sealed: Uint8Array, contexts: Iterable<string>): Promise<{ context: string; plaintext: Buffer } | null> {
  if (sealed.length < POINT + 1 + NONCE + TAG) return null;
  const point = sealed.subarray(0, POINT);
  const shared = await ecdh(privateKey, point);
  if (!shared) return null;
  const blob = sealed.subarray(POINT);
  for (const context of contexts) {
    const plaintext = gcmOpen(hkdf(shared, point, `lantern/v1/seal|${context}`), blob, utf8(context), 1);
    if (plaintext) return { context, plaintext };
  }
  return null;
}

/** Message padding (bytes || 0x80 || zeros): the bytes, or null when the padding is wrong. */
export function unpad(bytes: Uint8Array): Buffer | null {
  let end = bytes.length - 1;
  while (end >= 0 && bytes[end] === 0) end--;
  return end >= 0 && bytes[end] === 0x80 ? Buffer.from(bytes.subarray(0, end)) : null;
}

/** The `text` of a message body's JSON, or null. */
export function bodyText(json: Uint8Array): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(json).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { text?: unknown }).text === 'string' ? (parsed as { text: string }).text : null;
  } catch {
    return null;
  }
}
