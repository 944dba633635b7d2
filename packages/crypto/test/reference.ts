/**
 * An independent v1 and v2 implementation on Node's classic crypto API (not WebCrypto, not the package),
 * written from the format description, so the package is checked against a second reading of it.
 */
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPrivateKey,
  hkdfSync,
  pbkdf2Sync,
  type ECDH,
} from 'node:crypto';

export const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface FixedKey {
  ecdh: ECDH;
  /** Raw uncompressed public point, 65 bytes. */
  publicRaw: Buffer;
  jwk: JsonWebKey;
}

/** A P-256 key whose private scalar is 32 copies of `byte` (a valid scalar for any byte 0x01..0xfe). */
export function fixedKey(byte: number): FixedKey {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.alloc(32, byte));
  const publicRaw = ecdh.getPublicKey();
  const jwk: JsonWebKey = {
    kty: 'EC',
    crv: 'P-256',
    x: publicRaw.subarray(1, 33).toString('base64url'),
    y: publicRaw.subarray(33, 65).toString('base64url'),
    d: ecdh.getPrivateKey().toString('base64url'),
  };
  return { ecdh, publicRaw, jwk };
}

/** The fixed key as WebCrypto keys, through JWK (private) and raw (public). */
export async function toWebCrypto(key: FixedKey, extractable = false): Promise<CryptoKeyPair> {
  const privateKey = await crypto.subtle.importKey('jwk', key.jwk, P256, extractable, ['deriveBits']);
  const publicKey = await crypto.subtle.importKey('raw', new Uint8Array(key.publicRaw), P256, true, []);
  return { privateKey, publicKey };
}

/** PKCS#8 DER of the fixed key, made by node:crypto (KeyObject.export), not by WebCrypto. */
export const pkcs8Of = (key: FixedKey): Buffer =>
  createPrivateKey({ key: key.jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' });

/** The private scalar inside a PKCS#8 DER blob, read back through node:crypto. */
export const scalarOfPkcs8 = (der: Uint8Array): string =>
  createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d!;

export const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: string, length = 32): Buffer =>
  Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(info, 'utf8'), length));

export function gcmSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: string, version = 0x01): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([Buffer.from([version]), nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Opens version || nonce || ct || tag; throws on a bad tag. */
export function gcmOpen(key: Uint8Array, blob: Buffer, aad: string, version = 0x01): Buffer {
  if (blob[0] !== version) throw new Error(`version byte ${blob[0]}`);
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(1, 13));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(blob.subarray(blob.length - 16));
  return Buffer.concat([decipher.update(blob.subarray(13, blob.length - 16)), decipher.final()]);
}

export const senderKey = (shared: Uint8Array, conversationId: string, sender: string): Buffer =>
  hkdf(shared, Buffer.from(conversationId, 'utf8'), `lantern/v1/${sender}`);

export const messageAad = (conversationId: string, sender: string, clientId: string) =>
  `lantern/v1|${conversationId}|${sender}|${clientId}`;

/** JSON body, 0x80, zeros up to the smallest power of two >= 256 that holds both. */
export function padBody(text: string): Buffer {
  const json = Buffer.from(JSON.stringify({ text }), 'utf8');
  let size = 256;
  while (size < json.length + 1) size *= 2;
  const out = Buffer.alloc(size);
  json.copy(out);
  out[json.length] = 0x80;
  return out;
}

export function encryptMessageRef(
  key: Uint8Array,
  nonce: Uint8Array,
  conversationId: string,
  sender: string,
  clientId: string,
  text: string,
): string {
  return gcmSeal(key, nonce, padBody(text), messageAad(conversationId, sender, clientId)).toString('base64url');
}

/** Returns the padded plaintext as is, so callers can check the padding layout too. */
export const decryptMessageRef = (key: Uint8Array, conversationId: string, sender: string, clientId: string, ct: string) =>
  gcmOpen(key, Buffer.from(ct, 'base64url'), messageAad(conversationId, sender, clientId));

export function passwordKeysRef(password: string, salt: Uint8Array, iterations: number) {
  const master = pbkdf2Sync(Buffer.from(password.normalize('NFC'), 'utf8'), salt, iterations, 32, 'sha256');
  return {
    loginProof: hkdf(master, new Uint8Array(0), 'lantern/v1/login-proof'),
    wrappingKey: hkdf(master, new Uint8Array(0), 'lantern/v1/wrap-staff-key'),
  };
}

export const wrapAad = (username: string) => `lantern/v1/staff-key|${username}`;

export function sealRef(ephemeral: FixedKey, recipientPublicRaw: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, context: string) {
  const key = hkdf(ephemeral.ecdh.computeSecret(recipientPublicRaw), ephemeral.publicRaw, `lantern/v1/seal|${context}`);
  return Buffer.concat([ephemeral.publicRaw, gcmSeal(key, nonce, plaintext, context)]).toString('base64url');
}

export function openRef(recipient: FixedKey, sealed: string, context: string): Buffer {
  const blob = Buffer.from(sealed, 'base64url');
  const ephemeralPublic = blob.subarray(0, 65);
  const key = hkdf(recipient.ecdh.computeSecret(ephemeralPublic), ephemeralPublic, `lantern/v1/seal|${context}`);
  return gcmOpen(key, blob.subarray(65), context);
}

/*
 * Protocol v2, written from the v2 format description in the same way:
 * node:crypto's classic API only, nothing from the package.
 */

export const V2 = 0x02;

/** key[sender] = HKDF(ikm = S, salt = conversation id, info = "lantern/v2/message/" + sender). */
export const messageKeyV2 = (secret: Uint8Array, conversationId: string, sender: string): Buffer =>
  hkdf(secret, Buffer.from(conversationId, 'utf8'), `lantern/v2/message/${sender}`);

export const messageAadV2 = (conversationId: string, sender: string, clientId: string) =>
  `lantern/v2|${conversationId}|${sender}|${clientId}`;

export interface BodyV2 {
  text: string;
  kind?: string;
  o?: { i: string; n: number; p: string };
  /** The writer's name as the participant sees it. */
  f?: string;
}

/** The v2 body {text, kind?, o?, f?} as JSON, padded as in v1. */
export function padBodyV2(body: BodyV2): Buffer {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  let size = 256;
  while (size < json.length + 1) size *= 2;
  const out = Buffer.alloc(size);
  json.copy(out);
  out[json.length] = 0x80;
  return out;
}

export function encryptMessageV2Ref(secret: Uint8Array, nonce: Uint8Array, conversationId: string, sender: string, clientId: string, body: BodyV2): string {
  const key = messageKeyV2(secret, conversationId, sender);
  return gcmSeal(key, nonce, padBodyV2(body), messageAadV2(conversationId, sender, clientId), V2).toString('base64url');
}

/** Returns the padded plaintext as is. */
export const decryptMessageV2Ref = (secret: Uint8Array, conversationId: string, sender: string, clientId: string, ct: string) =>
  gcmOpen(messageKeyV2(secret, conversationId, sender), Buffer.from(ct, 'base64url'), messageAadV2(conversationId, sender, clientId), V2);

export const grantInfoRef = (fromPublicRaw: Uint8Array, toPublicRaw: Uint8Array) =>
  `lantern/v2/conversation-secret|${Buffer.from(fromPublicRaw).toString('base64url')}|${Buffer.from(toPublicRaw).toString('base64url')}`;

/** K = HKDF(z1 || z2, salt = conversation id, info); sealed = 0x02 || nonce || AES-GCM(S, AAD = info). */
export function sealSecretGrantRef(
  z1: Uint8Array,
  from: FixedKey,
  devicePublicRaw: Buffer,
  conversationId: string,
  nonce: Uint8Array,
  secret: Uint8Array,
): string {
  const info = grantInfoRef(from.publicRaw, devicePublicRaw);
  const key = hkdf(Buffer.concat([z1, from.ecdh.computeSecret(devicePublicRaw)]), Buffer.from(conversationId, 'utf8'), info);
  return gcmSeal(key, nonce, secret, info, V2).toString('base64url');
}

/** The staff device's side: z1 = ECDH(program, E), z2 = ECDH(device, from). */
export function openSecretGrantRef(
  program: FixedKey,
  participantPublicRaw: Buffer,
  device: FixedKey,
  fromPublicRaw: Buffer,
  conversationId: string,
  sealed: string,
): Buffer {
  const info = grantInfoRef(fromPublicRaw, device.publicRaw);
  const ikm = Buffer.concat([program.ecdh.computeSecret(participantPublicRaw), device.ecdh.computeSecret(fromPublicRaw)]);
  return gcmOpen(hkdf(ikm, Buffer.from(conversationId, 'utf8'), info), Buffer.from(sealed, 'base64url'), info, V2);
}

/** HKDF(S, salt = conversation id, info = "lantern/v2/" + purpose): a key for something other than messages. */
export const purposeKeyRef = (secret: Uint8Array, conversationId: string, purpose: string): Buffer =>
  hkdf(secret, Buffer.from(conversationId, 'utf8'), `lantern/v2/${purpose}`);

export const sealUnderSecretRef = (secret: Uint8Array, conversationId: string, purpose: string, nonce: Uint8Array, plaintext: Uint8Array, aad: string) =>
  gcmSeal(purposeKeyRef(secret, conversationId, purpose), nonce, plaintext, aad, V2);

export const openUnderSecretRef = (secret: Uint8Array, conversationId: string, purpose: string, blob: Buffer, aad: string) =>
  gcmOpen(purposeKeyRef(secret, conversationId, purpose), blob, aad, V2);

export const transferNoteContextRef = (conversationId: string, receiverId: string) => `transfer-note/${conversationId}/${receiverId}`;

/** Inner: under S (purpose "transfer-note|" + receiver); outer: the v1 ECIES seal to the receiver's staff key. */
export function sealTransferNoteRef(
  secret: Uint8Array,
  conversationId: string,
  receiverId: string,
  receiverPublicRaw: Uint8Array,
  ephemeral: FixedKey,
  innerNonce: Uint8Array,
  outerNonce: Uint8Array,
  note: Uint8Array,
): string {
  const context = transferNoteContextRef(conversationId, receiverId);
  const inner = sealUnderSecretRef(secret, conversationId, `transfer-note|${receiverId}`, innerNonce, note, context);
  return sealRef(ephemeral, receiverPublicRaw, outerNonce, inner, context);
}

export function openTransferNoteRef(secret: Uint8Array, conversationId: string, receiverId: string, receiver: FixedKey, sealed: string): Buffer {
  const context = transferNoteContextRef(conversationId, receiverId);
  return openUnderSecretRef(secret, conversationId, `transfer-note|${receiverId}`, openRef(receiver, sealed, context), context);
}

export const escrowContextRef = (conversationId: string) => `conversation-escrow/${conversationId}`;
