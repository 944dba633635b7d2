import { toBase64Url, utf8 } from './encoding';
import { ecdhBits, hkdfBase, subtle } from './primitives';

/*
 * An admin's browser vouches for a member's public key once it was checked by fingerprint: a MAC
 * over the key under a key only program-key holders can derive. At the next rotation the
 * admin's browser seals the new program key only to keys whose MAC checks, so a key the server
 * swapped in meanwhile is refused instead of trusted.
 */

async function attestationKey(programPrivate: CryptoKey, programPublic: CryptoKey, epoch: number): Promise<CryptoKey> {
  // ECDH of the program key with itself: computable with the private half, by program-key holders only.
  const base = await hkdfBase(await ecdhBits(programPrivate, programPublic));
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: utf8('lantern/v2/member-key'), info: utf8(`epoch|${epoch}`) },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

const attested = (memberPublicKey: string) => utf8(`lantern/v2/member-key|${memberPublicKey}`);

export async function attestMemberKey(programPrivate: CryptoKey, programPublic: CryptoKey, epoch: number, memberPublicKey: string): Promise<string> {
  const key = await attestationKey(programPrivate, programPublic, epoch);
  return toBase64Url(new Uint8Array(await subtle().sign('HMAC', key, attested(memberPublicKey))));
}

export async function memberKeyAttested(
  programPrivate: CryptoKey,
  programPublic: CryptoKey,
  epoch: number,
  memberPublicKey: string,
  attestation: string,
): Promise<boolean> {
  const expected = await attestMemberKey(programPrivate, programPublic, epoch, memberPublicKey);
  // Both are MACs of fixed length; the comparison leaks nothing a forger could use without the key.
  return expected.length === attestation.length && [...expected].every((c, i) => c === attestation[i]);
}
