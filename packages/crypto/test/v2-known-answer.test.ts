import { describe, expect, it } from 'vitest';
import {
  ConversationOrder,
  CryptoFormatError,
  SENDERS,
  decryptMessage,
  deriveConversationKeys,
  deriveMessageKeys,
  derivePasswordKeys,
  encryptMessage,
  escrowContext,
  keyPairMatches,
  openEscrow,
  openSecretGrant,
  openTransferNote,
  openUnderSecret,
  publicKeyOfPkcs8,
  sealEscrow,
  sealSecretFromParticipant,
  sealTransferNote,
  sealUnderSecret,
  secretGrantInfo,
  transferNoteContext,
  unwrapPrivateKeyBytes,
  type MessageOrder,
  type SecretGrantParties,
} from '../src/index';
import {
  decryptMessageV2Ref,
  encryptMessageV2Ref,
  escrowContextRef,
  fixedKey,
  gcmOpen,
  gcmSeal,
  grantInfoRef,
  hkdf,
  messageAad,
  messageKeyV2,
  openRef,
  openSecretGrantRef,
  openTransferNoteRef,
  openUnderSecretRef,
  padBodyV2,
  passwordKeysRef,
  pkcs8Of,
  sealRef,
  sealSecretGrantRef,
  sealTransferNoteRef,
  sealUnderSecretRef,
  toWebCrypto,
  wrapAad,
  type FixedKey,
} from './reference';

/*
 * Protocol v2 against the independent node:crypto reading of its formats (reference.ts), with fixed
 * keys, secret and nonces. Interop both ways shows the package and the reference agree; the frozen
 * vectors show neither of them drifted, so a change of format fails here until it is made on purpose.
 */

const participant = fixedKey(0x11); // E: the participant's ephemeral key (conversations.participant_key)
const program = fixedKey(0x22);
const staff = fixedKey(0x33); // a staff member's long-term key: receiver of a transfer note
const sealEphemeral = fixedKey(0x44);
const device = fixedKey(0x55); // D: a staff device's one-conversation ephemeral key
const otherDevice = fixedKey(0x66);
const holderDevice = fixedKey(0x77); // a staff device that already holds S and hands it on
const stranger = fixedKey(0x99); // anyone without the program key: the host, say

const conversationId = '5d0c8d5e-3c1f-4c2a-9b1e-7f6a2d4c8b10';
const otherConversationId = '5d0c8d5e-3c1f-4c2a-9b1e-7f6a2d4c8b11';
const clientId = '0f1e2d3c-4b5a-4969-8877-665544332211';
const secret = Buffer.from('a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf', 'hex');
const otherSecret = Buffer.from('c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf', 'hex');
const nonce = Buffer.from('000102030405060708090a0b', 'hex');
const outerNonce = Buffer.from('0c0d0e0f1011121314151617', 'hex');
const text = 'Lantern v2 known-answer: مرحبا 你好 🕯️';
const order: MessageOrder = { i: 'd3JpdGVyLWEx', n: 3, p: 'e2b1c0d9-8f7a-4b6c-9d5e-4f3a2b1c0d9e' };
const receiverId = 'staff-7';
const note = JSON.stringify({ note: 'prefers Arabic; safe to call after 6 pm' });
const phone = '+15555550123';
const phoneAad = 'phone|42';

/* Frozen v2 vectors, computed once with reference.ts for the fixed inputs above. */
const FROZEN = {
  participantMessageKeyHex: 'bd46a77ecbc77540314504d7606a1f54e45f8c9d64bcf5dc38cff84012d991bc',
  message:
    'AgABAgMEBQYHCAkKC3I2a9h-_iPziVL6EW2L-cnK3ayrqezMaLxuCL7g99V94l8lBUu6TsOdl0d9yKjbpXqeUarAiGNS0V1VMmBTZMwrkaRJDAFVnT60dT6z9UPUbpPHdhy085Xaliq5y5p9OV0forWBLWeCFadWSKLsujzhXAXq2VAwlOPypFxNtIT3UeUCs0tdQOiiZ3KlbMeo6C42J0sa_JyEl6lGNamCIuupOyl1VkE9bva_CCnL9ih1C9R1q6CWS5Rkd8CK-jozGvK8oqLdA2kiBC7-N4uKGqnvrvK11xBi3ZNq8d2XYGCU9V_VxZT8DQbyBuBj44pqUD3wxYZyD91H73NcrCPnKvCH6dwQct3MGdwLErjO0kK_',
  grant: 'AgABAgMEBQYHCAkKC8qy4Bul3F0liahjuWVc8MbLXEVPn2rCu4PjHLjlAYt4TTHK_lXUbe5Yj_zc3y1RMA',
  escrow:
    'BFs2iQ2svXyalrt0oe4os9LXW3LgmiDvJc-Ob9ip8DUNDhS-2NRoKjTYNTi9_1uW6JpmZuwNtXRdAvoSEAct91oBAAECAwQFBgcICQoL0ePRcmuST2K74x8NKa5JOoWq466aAecc23sTQxpQRO59DjVrLNaKMJ9mxladKrh5',
  transferNote:
    'BFs2iQ2svXyalrt0oe4os9LXW3LgmiDvJc-Ob9ip8DUNDhS-2NRoKjTYNTi9_1uW6JpmZuwNtXRdAvoSEAct91oBDA0ODxAREhMUFRYXEDdLC3HHQ3otLaGtQah_p-4BU1aXb-2GBBcgq1OaOzALGz1-N6u0hkS_ngtlVZF-tZRJN6m5FdKd7CV3ohno0MfUhqJQzb0PrXs001PJd9pGuhuM5Rf7BL0QLJjIxzA',
  phone: 'AgABAgMEBQYHCAkKCzITgWUMOoWd8C38f_OOkg7jpeQ7K66fEbgniXM',
};

const bytes = (b: Buffer | string) => new Uint8Array(typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
const b64 = (key: FixedKey) => key.publicRaw.toString('base64url');
const hexOf = async (key: CryptoKey) => Buffer.from(await crypto.subtle.exportKey('raw', key)).toString('hex');

function flipBit(encoded: string, byte: number, bit: number): string {
  const blob = Buffer.from(encoded, 'base64url');
  blob[byte]! ^= 1 << bit;
  return blob.toString('base64url');
}

describe('v2 message keys and blobs against node:crypto', () => {
  it('derives key[sender] = HKDF(S, salt = conversation id, info = lantern/v2/message/<sender>), and the frozen key', async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId, true);
    expect(keys.version).toBe(2);
    for (const sender of SENDERS) {
      expect(await hexOf(keys.keys[sender]), sender).toBe(messageKeyV2(secret, conversationId, sender).toString('hex'));
    }
    expect(await hexOf(keys.keys.participant)).toBe(FROZEN.participantMessageKeyHex);
    const all = await Promise.all(SENDERS.map((s) => hexOf(keys.keys[s])));
    expect(new Set(all).size).toBe(SENDERS.length);
  });

  it('the keys depend on the conversation id and on S alone', async () => {
    const other = await deriveMessageKeys(bytes(secret), otherConversationId, true);
    expect(await hexOf(other.keys.participant)).not.toBe(FROZEN.participantMessageKeyHex);
    const otherS = await deriveMessageKeys(bytes(otherSecret), conversationId, true);
    expect(await hexOf(otherS.keys.participant)).not.toBe(FROZEN.participantMessageKeyHex);
  });

  it('opens messages node:crypto wrote with a fixed nonce, for every sender, with and without kind and order', async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    for (const sender of SENDERS) {
      const plain = encryptMessageV2Ref(secret, nonce, conversationId, sender, clientId, { text });
      expect(await decryptMessage(keys, sender, clientId, plain)).toEqual({ text });
      const full = encryptMessageV2Ref(secret, nonce, conversationId, sender, clientId, { text, kind: 'code-word/answer', o: order });
      expect(await decryptMessage(keys, sender, clientId, full)).toEqual({ text, kind: 'code-word/answer', order });
    }
  });

  it('the frozen message vector: node:crypto still writes it byte for byte, and the package opens it with its order', async () => {
    expect(encryptMessageV2Ref(secret, nonce, conversationId, 'participant', clientId, { text, o: order })).toBe(FROZEN.message);
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    expect(await decryptMessage(keys, 'participant', clientId, FROZEN.message)).toEqual({ text, order });
  });

  it("node:crypto opens the package's blobs: 0x02 || nonce || AES-GCM(pad(JSON {text, kind, o})), AAD lantern/v2|conv|sender|clientId", async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    for (const sender of SENDERS) {
      const ct = await encryptMessage(keys, sender, clientId, { text, kind: 'code-word/answer', order });
      const blob = Buffer.from(ct, 'base64url');
      expect(blob[0]).toBe(0x02);
      expect(blob.length).toBe(1 + 12 + 256 + 16);
      const padded = decryptMessageV2Ref(secret, conversationId, sender, clientId, ct);
      expect(padded.equals(padBodyV2({ text, kind: 'code-word/answer', o: order }))).toBe(true);
    }
  });

  it('does not open a v2 blob under the v1 additional data, another client id, sender or conversation', async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    const key = messageKeyV2(secret, conversationId, 'participant');
    const v1Aad = gcmSeal(key, nonce, padBodyV2({ text }), messageAad(conversationId, 'participant', clientId), 0x02).toString('base64url');
    await expect(decryptMessage(keys, 'participant', clientId, v1Aad)).rejects.toThrow();
    await expect(decryptMessage(keys, 'participant', 'another-client', FROZEN.message)).rejects.toThrow();
    await expect(decryptMessage(keys, 'staff', clientId, FROZEN.message)).rejects.toThrow();
    const other = await deriveMessageKeys(bytes(secret), otherConversationId);
    await expect(decryptMessage(other, 'participant', clientId, FROZEN.message)).rejects.toThrow();
  });

  it('any flipped bit after the version byte fails; a v1 blob is refused by v2 keys and a v2 blob by v1 keys', async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    const length = Buffer.from(FROZEN.message, 'base64url').length;
    for (let byte = 1; byte < length; byte++) {
      await expect(decryptMessage(keys, 'participant', clientId, flipBit(FROZEN.message, byte, byte % 8))).rejects.toThrow();
    }
    await expect(decryptMessage(keys, 'participant', clientId, flipBit(FROZEN.message, 0, 1))).rejects.toBeInstanceOf(CryptoFormatError);
    const v1 = await deriveConversationKeys((await toWebCrypto(program)).privateKey, (await toWebCrypto(participant)).publicKey, conversationId);
    await expect(decryptMessage(v1, 'participant', clientId, FROZEN.message)).rejects.toBeInstanceOf(CryptoFormatError);
    const v1Blob = await encryptMessage(v1, 'participant', clientId, { text });
    await expect(decryptMessage(keys, 'participant', clientId, v1Blob)).rejects.toBeInstanceOf(CryptoFormatError);
  });

  it("carries the writer's name as `f` inside the encryption, both ways; a name that is not a short string is dropped", async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    for (const from of ['Sam', 'سام', '小明', 'Ana 🌿']) {
      const ct = await encryptMessage(keys, 'staff', clientId, { text, order, from });
      expect(decryptMessageV2Ref(secret, conversationId, 'staff', clientId, ct).equals(padBodyV2({ text, o: order, f: from }))).toBe(true);
      const written = encryptMessageV2Ref(secret, nonce, conversationId, 'staff', clientId, { text, o: order, f: from });
      expect(await decryptMessage(keys, 'staff', clientId, written)).toEqual({ text, order, from });
    }
    for (const f of ['', 'x'.repeat(65), 7, null, ['Sam']]) {
      const ct = encryptMessageV2Ref(secret, nonce, conversationId, 'staff', clientId, { text, f: f as string });
      expect(await decryptMessage(keys, 'staff', clientId, ct)).toEqual({ text });
    }
  });

  it('an `o` that is not an order is dropped, not passed on', async () => {
    const keys = await deriveMessageKeys(bytes(secret), conversationId);
    for (const o of [
      { i: 'w', n: 0, p: '' },
      { i: 'w', n: 1.5, p: '' },
      { i: 7, n: 1, p: '' },
      { i: 'w', n: 1 },
    ]) {
      const ct = encryptMessageV2Ref(secret, nonce, conversationId, 'staff', clientId, { text, o: o as MessageOrder });
      expect(await decryptMessage(keys, 'staff', clientId, ct)).toEqual({ text });
    }
  });
});

describe('secret grant against node:crypto', () => {
  const parties: SecretGrantParties = { conversationId, fromPublic: b64(participant), toPublic: b64(device) };
  const z1 = participant.ecdh.computeSecret(program.publicRaw);

  async function open(sealed: string, opts: { program?: FixedKey; device?: FixedKey; from?: FixedKey; parties?: SecretGrantParties } = {}) {
    return openSecretGrant(
      sealed,
      (await toWebCrypto(opts.program ?? program)).privateKey,
      (await toWebCrypto(participant)).publicKey,
      (await toWebCrypto(opts.device ?? device)).privateKey,
      (await toWebCrypto(opts.from ?? participant)).publicKey,
      opts.parties ?? parties,
    );
  }

  it('the info string names both public keys', () => {
    expect(secretGrantInfo(parties.fromPublic, parties.toPublic)).toBe(grantInfoRef(participant.publicRaw, device.publicRaw));
    expect(grantInfoRef(participant.publicRaw, device.publicRaw)).toBe(`lantern/v2/conversation-secret|${b64(participant)}|${b64(device)}`);
  });

  it("node:crypto opens the participant's grant: K = HKDF(ECDH(E, program) || ECDH(E, D)), 0x02 || nonce || AES-GCM(S, AAD = info)", async () => {
    const sealed = await sealSecretFromParticipant(
      bytes(secret),
      (await toWebCrypto(participant)).privateKey,
      (await toWebCrypto(program)).publicKey,
      (await toWebCrypto(device)).publicKey,
      parties,
    );
    const blob = Buffer.from(sealed, 'base64url');
    expect(blob[0]).toBe(0x02);
    expect(blob.length).toBe(1 + 12 + 32 + 16);
    expect(openSecretGrantRef(program, participant.publicRaw, device, participant.publicRaw, conversationId, sealed).equals(secret)).toBe(true);
  });

  it('opens the frozen grant node:crypto wrote, and node:crypto still writes it byte for byte', async () => {
    expect(sealSecretGrantRef(z1, participant, device.publicRaw, conversationId, nonce, secret)).toBe(FROZEN.grant);
    expect(Buffer.from(await open(FROZEN.grant)).equals(secret)).toBe(true);
  });

  it('opens a grant handed on by a device that holds S: z1 from the program key, z2 = ECDH(holder device, D)', async () => {
    const relayZ1 = program.ecdh.computeSecret(participant.publicRaw);
    expect(relayZ1.equals(z1)).toBe(true);
    const sealed = sealSecretGrantRef(relayZ1, holderDevice, device.publicRaw, conversationId, nonce, secret);
    const relayParties = { conversationId, fromPublic: b64(holderDevice), toPublic: b64(device) };
    expect(Buffer.from(await open(sealed, { from: holderDevice, parties: relayParties })).equals(secret)).toBe(true);
  });

  it('the two shared secrets go in as z1 || z2, not the other way round', async () => {
    const info = grantInfoRef(participant.publicRaw, device.publicRaw);
    const z2 = participant.ecdh.computeSecret(device.publicRaw);
    const salt = Buffer.from(conversationId, 'utf8');
    const swapped = hkdf(Buffer.concat([z2, z1]), salt, info);
    await expect(open(gcmSeal(swapped, nonce, secret, info, 0x02).toString('base64url'))).rejects.toThrow();
    const right = hkdf(Buffer.concat([z1, z2]), salt, info);
    expect(Buffer.from(await open(gcmSeal(right, nonce, secret, info, 0x02).toString('base64url'))).equals(secret)).toBe(true);
  });

  it('does not open on another device key, whether the parties name it or the real device', async () => {
    const toOther = { ...parties, toPublic: b64(otherDevice) };
    await expect(open(FROZEN.grant, { device: otherDevice, parties: toOther })).rejects.toThrow();
    await expect(open(FROZEN.grant, { device: otherDevice })).rejects.toThrow();
  });

  it('does not open for another conversation id', async () => {
    await expect(open(FROZEN.grant, { parties: { ...parties, conversationId: otherConversationId } })).rejects.toThrow();
  });

  it('does not open as from another key, whether the key, the named public key or both are swapped', async () => {
    const fromHolder = { ...parties, fromPublic: b64(holderDevice) };
    await expect(open(FROZEN.grant, { from: holderDevice, parties: fromHolder })).rejects.toThrow();
    await expect(open(FROZEN.grant, { from: holderDevice })).rejects.toThrow();
    await expect(open(FROZEN.grant, { parties: fromHolder })).rejects.toThrow();
  });

  it('does not open without the program key, even holding the device key (a host that swapped D)', async () => {
    await expect(open(FROZEN.grant, { program: stranger })).rejects.toThrow();
  });

  it('any flipped bit fails; one in the version byte is a CryptoFormatError', async () => {
    const length = Buffer.from(FROZEN.grant, 'base64url').length;
    for (let byte = 1; byte < length; byte++) {
      await expect(open(flipBit(FROZEN.grant, byte, byte % 8))).rejects.toThrow();
    }
    await expect(open(flipBit(FROZEN.grant, 0, 0))).rejects.toBeInstanceOf(CryptoFormatError);
  });

  it('a grant that authenticates but is not 32 bytes is refused', async () => {
    const short = sealSecretGrantRef(z1, participant, device.publicRaw, conversationId, nonce, secret.subarray(0, 31));
    await expect(open(short)).rejects.toBeInstanceOf(CryptoFormatError);
  });
});

describe('escrow against node:crypto', () => {
  it('is the v1 ECIES seal of S to the program key under context conversation-escrow/<conversation id>', async () => {
    expect(escrowContext(conversationId)).toBe(escrowContextRef(conversationId));
    const sealed = await sealEscrow(bytes(secret), conversationId, (await toWebCrypto(program)).publicKey);
    const blob = Buffer.from(sealed, 'base64url');
    expect(blob.length).toBe(65 + 1 + 12 + 32 + 16);
    expect(openRef(program, sealed, `conversation-escrow/${conversationId}`).equals(secret)).toBe(true);
  });

  it('opens the frozen escrow node:crypto wrote', async () => {
    expect(sealRef(sealEphemeral, program.publicRaw, nonce, secret, escrowContextRef(conversationId))).toBe(FROZEN.escrow);
    const opened = await openEscrow(FROZEN.escrow, conversationId, (await toWebCrypto(program)).privateKey);
    expect(Buffer.from(opened).equals(secret)).toBe(true);
  });

  it('does not open for another conversation, with another key, or flipped; refuses a sealed value that is not 32 bytes', async () => {
    const programPrivate = (await toWebCrypto(program)).privateKey;
    await expect(openEscrow(FROZEN.escrow, otherConversationId, programPrivate)).rejects.toThrow();
    await expect(openEscrow(FROZEN.escrow, conversationId, (await toWebCrypto(staff)).privateKey)).rejects.toThrow();
    await expect(openEscrow(flipBit(FROZEN.escrow, 100, 3), conversationId, programPrivate)).rejects.toThrow();
    const short = sealRef(sealEphemeral, program.publicRaw, nonce, secret.subarray(0, 31), escrowContextRef(conversationId));
    await expect(openEscrow(short, conversationId, programPrivate)).rejects.toBeInstanceOf(CryptoFormatError);
  });
});

describe('transfer note against node:crypto', () => {
  const context = `transfer-note/${conversationId}/${receiverId}`;

  it("node:crypto opens the package's note: ECIES to the receiver around 0x02 || nonce || AES-GCM under HKDF(S, info transfer-note|receiver)", async () => {
    expect(transferNoteContext(conversationId, receiverId)).toBe(context);
    const sealed = await sealTransferNote(bytes(secret), conversationId, receiverId, (await toWebCrypto(staff)).publicKey, bytes(note));
    expect(openTransferNoteRef(secret, conversationId, receiverId, staff, sealed).toString('utf8')).toBe(note);
    const inner = openRef(staff, sealed, context);
    expect(inner[0]).toBe(0x02);
    expect(inner.length).toBe(1 + 12 + Buffer.byteLength(note) + 16);
    expect(inner.includes(Buffer.from('Arabic'))).toBe(false);
    expect(openUnderSecretRef(secret, conversationId, `transfer-note|${receiverId}`, inner, context).toString('utf8')).toBe(note);
  });

  it('opens the frozen note node:crypto wrote', async () => {
    expect(sealTransferNoteRef(secret, conversationId, receiverId, staff.publicRaw, sealEphemeral, nonce, outerNonce, bytes(note))).toBe(
      FROZEN.transferNote,
    );
    const opened = await openTransferNote(bytes(secret), conversationId, receiverId, (await toWebCrypto(staff)).privateKey, FROZEN.transferNote);
    expect(Buffer.from(opened).toString('utf8')).toBe(note);
  });

  it('the receiver key alone does not open it (the inner layer needs S), nor does S alone (the outer needs the key)', async () => {
    const receiverPrivate = (await toWebCrypto(staff)).privateKey;
    await expect(openTransferNote(bytes(otherSecret), conversationId, receiverId, receiverPrivate, FROZEN.transferNote)).rejects.toThrow();
    const inner = openRef(staff, FROZEN.transferNote, context);
    expect(() => openUnderSecretRef(otherSecret, conversationId, `transfer-note|${receiverId}`, inner, context)).toThrow();

    const notReceiver = (await toWebCrypto(otherDevice)).privateKey;
    await expect(openTransferNote(bytes(secret), conversationId, receiverId, notReceiver, FROZEN.transferNote)).rejects.toThrow();
    const whole = new Uint8Array(Buffer.from(FROZEN.transferNote, 'base64url'));
    await expect(openUnderSecret(bytes(secret), conversationId, `transfer-note|${receiverId}`, whole, context)).rejects.toThrow();
  });

  it('does not open for another receiver id or conversation, or flipped', async () => {
    const receiverPrivate = (await toWebCrypto(staff)).privateKey;
    await expect(openTransferNote(bytes(secret), conversationId, 'staff-8', receiverPrivate, FROZEN.transferNote)).rejects.toThrow();
    await expect(openTransferNote(bytes(secret), otherConversationId, receiverId, receiverPrivate, FROZEN.transferNote)).rejects.toThrow();
    const length = Buffer.from(FROZEN.transferNote, 'base64url').length;
    for (const byte of [0, 64, 65, 66, 78, 79, 80, 92, length - 17, length - 1]) {
      await expect(openTransferNote(bytes(secret), conversationId, receiverId, receiverPrivate, flipBit(FROZEN.transferNote, byte, 2))).rejects.toThrow();
    }
  });
});

describe('sealUnderSecret / openUnderSecret against node:crypto', () => {
  it("node:crypto opens the package's blob: 0x02 || nonce || AES-GCM under HKDF(S, salt conv, info lantern/v2/<purpose>)", async () => {
    const blob = Buffer.from(await sealUnderSecret(bytes(secret), conversationId, 'sms-phone', bytes(phone), phoneAad));
    expect(blob[0]).toBe(0x02);
    expect(blob.length).toBe(1 + 12 + phone.length + 16);
    expect(openUnderSecretRef(secret, conversationId, 'sms-phone', blob, phoneAad).toString('utf8')).toBe(phone);
  });

  it('opens the frozen blob node:crypto wrote', async () => {
    expect(sealUnderSecretRef(secret, conversationId, 'sms-phone', nonce, bytes(phone), phoneAad).toString('base64url')).toBe(FROZEN.phone);
    const opened = await openUnderSecret(bytes(secret), conversationId, 'sms-phone', bytes(Buffer.from(FROZEN.phone, 'base64url')), phoneAad);
    expect(Buffer.from(opened).toString('utf8')).toBe(phone);
  });

  it('does not open under another additional data, purpose, conversation or secret', async () => {
    const blob = bytes(Buffer.from(FROZEN.phone, 'base64url'));
    await expect(openUnderSecret(bytes(secret), conversationId, 'sms-phone', blob, 'phone|43')).rejects.toThrow();
    await expect(openUnderSecret(bytes(secret), conversationId, 'transfer-note|staff-7', blob, phoneAad)).rejects.toThrow();
    await expect(openUnderSecret(bytes(secret), otherConversationId, 'sms-phone', blob, phoneAad)).rejects.toThrow();
    await expect(openUnderSecret(bytes(otherSecret), conversationId, 'sms-phone', blob, phoneAad)).rejects.toThrow();
  });
});

describe('own keys: keyPairMatches, publicKeyOfPkcs8, unwrapPrivateKeyBytes', () => {
  it('keyPairMatches is true for a pair and false for another public key', async () => {
    const own = await toWebCrypto(program);
    expect(await keyPairMatches(own.privateKey, own.publicKey)).toBe(true);
    expect(await keyPairMatches(own.privateKey, (await toWebCrypto(staff)).publicKey)).toBe(false);
    expect(await keyPairMatches((await toWebCrypto(staff)).privateKey, own.publicKey)).toBe(false);
  });

  it("publicKeyOfPkcs8 is node:crypto's public key of the same scalar, from node's PKCS #8 and from one without a public key", async () => {
    for (const key of [staff, program, device]) {
      expect(await publicKeyOfPkcs8(bytes(pkcs8Of(key)))).toBe(b64(key));
    }
    // PKCS #8 around an ECPrivateKey holding only the scalar: the public point can only be computed.
    const header = '3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420';
    const bare = Buffer.concat([Buffer.from(header, 'hex'), staff.ecdh.getPrivateKey()]);
    expect(await publicKeyOfPkcs8(bytes(bare))).toBe(b64(staff));
  });

  it('publicKeyOfPkcs8 does not take the public key written beside the scalar: a mismatched one is refused', async () => {
    const der = pkcs8Of(staff);
    const at = der.indexOf(staff.publicRaw);
    expect(at).toBeGreaterThan(0);
    const forged = Buffer.from(der);
    otherDevice.publicRaw.copy(forged, at);
    await expect(publicKeyOfPkcs8(bytes(forged))).rejects.toThrow();
  });

  it('unwrapPrivateKeyBytes returns the PKCS #8 node:crypto wrapped, whose public key is the staff key', async () => {
    const password = 'correct horse battery staple';
    const salt = 'AAECAwQFBgcICQoLDA0ODw';
    const iterations = 1000;
    const ref = passwordKeysRef(password, Buffer.from(salt, 'base64url'), iterations);
    const wrapped = gcmSeal(ref.wrappingKey, nonce, pkcs8Of(staff), wrapAad('ana.advocate')).toString('base64url');
    const { wrappingKey } = await derivePasswordKeys(password, salt, iterations);
    const pkcs8 = await unwrapPrivateKeyBytes(wrapped, wrappingKey, 'ana.advocate');
    expect(Buffer.from(pkcs8).equals(pkcs8Of(staff))).toBe(true);
    expect(await publicKeyOfPkcs8(pkcs8)).toBe(b64(staff));
    expect(gcmOpen(ref.wrappingKey, Buffer.from(wrapped, 'base64url'), wrapAad('ana.advocate')).equals(pkcs8Of(staff))).toBe(true);
    await expect(unwrapPrivateKeyBytes(wrapped, wrappingKey, 'another.user')).rejects.toThrow();
  });
});

describe('ConversationOrder verdicts', () => {
  /** `writer` writes `count` messages; their client ids and orders. */
  function write(writer: ConversationOrder, prefix: string, count: number) {
    return Array.from({ length: count }, (_, k) => {
      const id = `${prefix}${k + 1}`;
      return { id, order: writer.next(id) };
    });
  }

  it('next() numbers from 1 and names the last message this page saw', () => {
    const page = new ConversationOrder();
    const first = page.next('a1');
    expect(first).toMatchObject({ n: 1, p: '' });
    expect(page.check('b1', { i: 'other', n: 1, p: 'a1' })).toBe('ok');
    const second = page.next('a2');
    expect(second).toEqual({ i: first.i, n: 2, p: 'b1' });
    expect(new ConversationOrder().next('x').i).not.toBe(first.i);
  });

  it('ok: every message in order, a redelivered one, a message without order, and its own', () => {
    const a = new ConversationOrder();
    const b = new ConversationOrder();
    const sent = write(a, 'a', 3);
    for (const m of sent) expect(b.check(m.id, m.order)).toBe('ok');
    expect(b.check(sent[1]!.id, sent[1]!.order)).toBe('ok');
    expect(b.check('sms-1', undefined)).toBe('ok');
    const own = b.next('b1');
    expect(b.check('b1', own)).toBe('ok');
  });

  it('gap: a message dropped by the server, or a first message that is not number 1', () => {
    const a = new ConversationOrder();
    const [m1, , m3] = write(a, 'a', 3);
    const b = new ConversationOrder();
    expect(b.check(m1!.id, m1!.order)).toBe('ok');
    expect(b.check(m3!.id, m3!.order)).toBe('gap');
    expect(new ConversationOrder().check(m3!.id, m3!.order)).toBe('gap');
  });

  it('replay: an earlier message of a writer again under a new client id', () => {
    const a = new ConversationOrder();
    const [m1, m2] = write(a, 'a', 2);
    const b = new ConversationOrder();
    b.check(m1!.id, m1!.order);
    b.check(m2!.id, m2!.order);
    expect(b.check('copy-of-a1', m1!.order)).toBe('replay');
  });

  it('reorder: a message that answers one this page was never shown before it', () => {
    const a = new ConversationOrder();
    const b = new ConversationOrder();
    const [a1] = write(a, 'a', 1);
    expect(b.check(a1!.id, a1!.order)).toBe('ok');
    const b1 = b.next('b1'); // b saw a1, so b1 names a1
    expect(b1.p).toBe('a1');
    const c = new ConversationOrder();
    expect(c.check('b1', b1)).toBe('reorder');
    const d = new ConversationOrder();
    expect(d.check(a1!.id, a1!.order)).toBe('ok');
    expect(d.check('b1', b1)).toBe('ok');
  });

  it('an interpreter (fromStart = false) joining late takes any first number and unseen predecessors, yet still sees gaps and replays', () => {
    const a = new ConversationOrder();
    const b = new ConversationOrder();
    const sent = write(a, 'a', 6);
    for (const m of sent.slice(0, 4)) b.check(m.id, m.order);
    const b1 = b.next('b1');
    const interpreter = new ConversationOrder(false);
    expect(interpreter.check('b1', b1)).toBe('ok');
    expect(interpreter.check(sent[3]!.id, sent[3]!.order)).toBe('ok');
    expect(interpreter.check(sent[5]!.id, sent[5]!.order)).toBe('gap');
    expect(interpreter.check('copy-of-a4', sent[3]!.order)).toBe('replay');
    const fromStart = new ConversationOrder();
    expect(fromStart.check('b1', b1)).toBe('reorder');
    expect(fromStart.check(sent[3]!.id, sent[3]!.order)).toBe('gap');
  });
});
