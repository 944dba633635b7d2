import { concat, CryptoFormatError, fromBase64Url, toBase64Url, utf8 } from './encoding';
import {
  aeadOpen,
  aeadSeal,
  ecdh,
  exportPrivateKeyPkcs8,
  exportPublicKeyRaw,
  generateKeyPair,
  hkdfAesKey,
  importPrivateKeyPkcs8,
  importPublicKeyRaw,
} from './primitives';

/**
 * ECIES to a P-256 public key: ephemeral ECDH, HKDF-SHA-256 (salt = ephemeral public key,
 * info = "lantern/v1/seal|" + context), AES-256-GCM with the context as additional data.
 * The context names what is sealed (say "program-key/3"), so a blob cannot be replayed as another thing.
 */
export async function seal(recipient: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, context: string): Promise<string> {
  const ephemeral = await generateKeyPair();
  const ephemeralPublic = await exportPublicKeyRaw(ephemeral.publicKey);
  const key = await hkdfAesKey(await ecdh(ephemeral.privateKey, recipient), ephemeralPublic, `lantern/v1/seal|${context}`);
  return toBase64Url(concat(ephemeralPublic, await aeadSeal(key, plaintext, utf8(context))));
}

export async function open(recipient: CryptoKey, sealed: string, context: string): Promise<Uint8Array<ArrayBuffer>> {
  const blob = fromBase64Url(sealed);
  if (blob.length < 65 + 29) throw new CryptoFormatError('sealed blob too short');
  const ephemeralPublic = blob.slice(0, 65);
  const key = await hkdfAesKey(
    await ecdh(recipient, await importPublicKeyRaw(ephemeralPublic)),
    ephemeralPublic,
    `lantern/v1/seal|${context}`,
  );
  return aeadOpen(key, blob.slice(65), utf8(context));
}

/** Seals an (extractable) private key, as a program key grant to a staff member. */
export async function sealPrivateKey(privateKey: CryptoKey, recipient: CryptoKey, context: string): Promise<string> {
  return seal(recipient, await exportPrivateKeyPkcs8(privateKey), context);
}

export async function openPrivateKey(
  recipient: CryptoKey,
  sealed: string,
  context: string,
  extractable = false,
): Promise<CryptoKey> {
  return importPrivateKeyPkcs8(await open(recipient, sealed, context), extractable);
}

/** The context of a program key grant: bound to the epoch it opens. */
export const programKeyContext = (epoch: number) => `program-key/${epoch}`;
