import { fromBase64Url, toBase64Url } from './encoding';
import { exportPublicKeyRaw, importPublicKeyRaw, subtle } from './primitives';

export { generateKeyPair } from './primitives';

export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return toBase64Url(await exportPublicKeyRaw(key));
}

export function importPublicKey(encoded: string): Promise<CryptoKey> {
  return importPublicKeyRaw(fromBase64Url(encoded));
}

async function digest(encodedPublicKey: string): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', fromBase64Url(encodedPublicKey)));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** What people compare out loud before granting a key: 32 hex digits in groups of four. */
export async function fingerprint(encodedPublicKey: string): Promise<string> {
  return (hex((await digest(encodedPublicKey)).slice(0, 16)).match(/.{4}/g) ?? []).join(' ');
}

/** Short stable name of a public key, for logs and UI lists. */
export async function keyId(encodedPublicKey: string): Promise<string> {
  return hex((await digest(encodedPublicKey)).slice(0, 8));
}
