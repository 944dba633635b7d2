import { concat, CryptoFormatError, fromBase64Url, randomBytes, toBase64Url, utf8 } from './encoding';
import { aeadOpen, aeadSeal, ecdhBits, generateKeyPair, hkdfAesKey, hkdfBase, V2 } from './primitives';
import { open, seal } from './seal';

/*
 * Protocol v2: each conversation has a secret S, 32 random bytes made by the participant's page
 * (or, for a text conversation, by the server, which is the texter's end). S lives only in the
 * memory of the pages in the conversation. Message keys come from S alone, so once those pages let
 * go of it nothing the server ever wrote (rows live or dead, WAL, backups), together with every
 * long-term key, opens the conversation again.
 */

export const SECRET_BYTES = 32;

export const newConversationSecret = (): Uint8Array<ArrayBuffer> => randomBytes(SECRET_BYTES);

/** The public keys (base64url raw) a grant is bound to. */
export interface SecretGrantParties {
  conversationId: string;
  /** The holder handing S on: E (conversations.participant_key) when it is the participant's page or the server for a text. */
  fromPublic: string;
  /** The staff device's one-conversation ephemeral public key. */
  toPublic: string;
}

export const secretGrantInfo = (fromPublic: string, toPublic: string) => `lantern/v2/conversation-secret|${fromPublic}|${toPublic}`;

/**
 * K = HKDF(z1 ‖ z2, salt = conversation id, info) with z1 = ECDH(E, program) and z2 =
 * ECDH(holder, device). z1 makes K a program-key holder's only (the host has no program key);
 * z2 makes it this device's only, for as long as its ephemeral key lives in its memory.
 */
async function grantKey(z1: Uint8Array<ArrayBuffer>, z2: Uint8Array<ArrayBuffer>, conversationId: string, info: string) {
  return hkdfAesKey(await hkdfBase(concat(z1, z2)), utf8(conversationId), info);
}

/** The participant's page (or the server for a text) seals S to a staff device: E is both the holder and z1's side. */
export async function sealSecretFromParticipant(
  secret: Uint8Array<ArrayBuffer>,
  participant: CryptoKey,
  programPublic: CryptoKey,
  device: CryptoKey,
  parties: SecretGrantParties,
): Promise<string> {
  const z1 = await ecdhBits(participant, programPublic);
  const z2 = await ecdhBits(participant, device);
  const info = secretGrantInfo(parties.fromPublic, parties.toPublic);
  return toBase64Url(await aeadSeal(await grantKey(z1, z2, parties.conversationId, info), secret, utf8(info), V2));
}

/**
 * A staff device opens S: z1 from the program private key and E's public key, z2 from its own
 * ephemeral private key and the holder's public key.
 */
export async function openSecretGrant(
  sealed: string,
  programPrivate: CryptoKey,
  participantPublic: CryptoKey,
  devicePrivate: CryptoKey,
  fromPublic: CryptoKey,
  parties: SecretGrantParties,
): Promise<Uint8Array<ArrayBuffer>> {
  const z1 = await ecdhBits(programPrivate, participantPublic);
  const z2 = await ecdhBits(devicePrivate, fromPublic);
  const info = secretGrantInfo(parties.fromPublic, parties.toPublic);
  const secret = await aeadOpen(await grantKey(z1, z2, parties.conversationId, info), fromBase64Url(sealed), utf8(info), V2);
  if (secret.length !== SECRET_BYTES) throw new CryptoFormatError('not a conversation secret');
  return secret;
}

/** A key from S for one purpose other than messages (a transfer note, a texter's number). */
async function purposeKey(secret: Uint8Array<ArrayBuffer>, conversationId: string, purpose: string) {
  return hkdfAesKey(await hkdfBase(secret), utf8(conversationId), `lantern/v2/${purpose}`);
}

/** 0x02 ‖ nonce ‖ AES-GCM under a key from S: readable only while someone holds S. */
export async function sealUnderSecret(
  secret: Uint8Array<ArrayBuffer>,
  conversationId: string,
  purpose: string,
  plaintext: Uint8Array<ArrayBuffer>,
  aad: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return aeadSeal(await purposeKey(secret, conversationId, purpose), plaintext, utf8(aad), V2);
}

export async function openUnderSecret(
  secret: Uint8Array<ArrayBuffer>,
  conversationId: string,
  purpose: string,
  blob: Uint8Array<ArrayBuffer>,
  aad: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return aeadOpen(await purposeKey(secret, conversationId, purpose), blob, utf8(aad), V2);
}

export const transferNoteContext = (conversationId: string, receiverId: string) => `transfer-note/${conversationId}/${receiverId}`;

/**
 * A transfer note: under S (gone at close), then sealed to the receiver's staff key (only the
 * receiver reads it while it lives). Either alone is not enough.
 */
export async function sealTransferNote(
  secret: Uint8Array<ArrayBuffer>,
  conversationId: string,
  receiverId: string,
  receiverPublic: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const context = transferNoteContext(conversationId, receiverId);
  const inner = await sealUnderSecret(secret, conversationId, `transfer-note|${receiverId}`, plaintext, context);
  return seal(receiverPublic, inner, context);
}

export async function openTransferNote(
  secret: Uint8Array<ArrayBuffer>,
  conversationId: string,
  receiverId: string,
  receiverPrivate: CryptoKey,
  sealed: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const context = transferNoteContext(conversationId, receiverId);
  const inner = await open(receiverPrivate, sealed, context);
  return openUnderSecret(secret, conversationId, `transfer-note|${receiverId}`, inner, context);
}

export const escrowContext = (conversationId: string) => `conversation-escrow/${conversationId}`;

/**
 * Retention above 0 only: S sealed to the program key, so the program can reopen a closed
 * conversation until the purge. The one deliberate way around "closed is gone".
 */
export function sealEscrow(secret: Uint8Array<ArrayBuffer>, conversationId: string, programPublic: CryptoKey): Promise<string> {
  return seal(programPublic, secret, escrowContext(conversationId));
}

export async function openEscrow(sealed: string, conversationId: string, programPrivate: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const secret = await open(programPrivate, sealed, escrowContext(conversationId));
  if (secret.length !== SECRET_BYTES) throw new CryptoFormatError('not a conversation secret');
  return secret;
}

/** Whether a private key and a public key are one pair: ECDH with a throwaway key both ways agrees only then. */
export async function keyPairMatches(privateKey: CryptoKey, publicKey: CryptoKey): Promise<boolean> {
  const probe = await generateKeyPair();
  const a = await ecdhBits(privateKey, probe.publicKey);
  const b = await ecdhBits(probe.privateKey, publicKey);
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
