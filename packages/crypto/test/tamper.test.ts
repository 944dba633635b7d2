import { loadFixtures } from '../../../tests/support/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CryptoFormatError,
  MAX_PADDED_BYTES,
  MessageTooLongError,
  PBKDF2_ITERATIONS,
  SENDERS,
  decryptMessage,
  deriveConversationKeys,
  derivePasswordKeys,
  encryptMessage,
  fromBase64Url,
  generateKeyPair,
  newSalt,
  open,
  openPrivateKey,
  paddedLength,
  programKeyContext,
  seal,
  sealPrivateKey,
  toBase64Url,
  unwrapPrivateKey,
  wrapPrivateKey,
  type ConversationKeys,
} from '../src/index';

const CONV_A = '0b8f4c52-63a1-4d7e-9c2f-1a2b3c4d5e6f';
const CONV_B = '7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908';
const CLIENT_1 = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const CLIENT_2 = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeef';

const fixtures = loadFixtures();

let program: CryptoKeyPair;
let participantE: CryptoKeyPair;
/** Conversation A seen from both ends. */
let participantA: ConversationKeys;
let staffA: ConversationKeys;

beforeAll(async () => {
  program = await generateKeyPair(true);
  participantE = await generateKeyPair();
  participantA = await deriveConversationKeys(participantE.privateKey, program.publicKey, CONV_A);
  staffA = await deriveConversationKeys(program.privateKey, participantE.publicKey, CONV_A);
});

const flipBit = (ct: string, byte: number, bit: number) => {
  const blob = fromBase64Url(ct);
  blob[byte]! ^= 1 << bit;
  return toBase64Url(blob);
};

/** Rejects as an authentication failure (WebCrypto's OperationError), not as a format error. */
async function expectAuthFailure(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'expected the open to fail').not.toBeNull();
  expect((error as Error).name).toBe('OperationError');
}

describe('message ciphertexts that must not open', () => {
  it('sanity: the untouched ciphertext opens on the other side', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'are you there?' });
    expect(await decryptMessage(staffA, 'participant', CLIENT_1, ct)).toEqual({ text: 'are you there?' });
  });

  it('any flipped bit in nonce, body or tag', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'are you there?' });
    const length = fromBase64Url(ct).length;
    expect(length).toBe(1 + 12 + 256 + 16);
    for (let byte = 1; byte < length; byte++) {
      await expectAuthFailure(decryptMessage(staffA, 'participant', CLIENT_1, flipBit(ct, byte, byte % 8)));
    }
  });

  it('any flipped bit in the version byte is a CryptoFormatError', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    for (let bit = 0; bit < 8; bit++) {
      await expect(decryptMessage(staffA, 'participant', CLIENT_1, flipBit(ct, 0, bit))).rejects.toBeInstanceOf(CryptoFormatError);
    }
  });

  it('another conversation id in the additional data, with the very same keys', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    const sameKeysOtherId: ConversationKeys = { conversationId: CONV_B, version: 1, keys: staffA.keys };
    await expectAuthFailure(decryptMessage(sameKeysOtherId, 'participant', CLIENT_1, ct));
  });

  it('replayed from conversation A into conversation B with the same program key and participant key', async () => {
    const staffB = await deriveConversationKeys(program.privateKey, participantE.publicKey, CONV_B);
    for (const sender of SENDERS) {
      const ct = await encryptMessage(participantA, sender, CLIENT_1, { text: 'x' });
      await expectAuthFailure(decryptMessage(staffB, sender, CLIENT_1, ct));
    }
  });

  it('another sender direction, both with its own key and with the key of the real sender', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    await expectAuthFailure(decryptMessage(staffA, 'staff', CLIENT_1, ct));
    await expectAuthFailure(decryptMessage(staffA, 'interpreter', CLIENT_1, ct));
    // Same key under every direction: only the additional data tells them apart.
    const k = staffA.keys.participant;
    const oneKey: ConversationKeys = { conversationId: CONV_A, version: 1, keys: { participant: k, staff: k, interpreter: k } };
    await expectAuthFailure(decryptMessage(oneKey, 'staff', CLIENT_1, ct));
  });

  it('another client message id', async () => {
    const ct = await encryptMessage(participantA, 'staff', CLIENT_1, { text: 'x' });
    await expectAuthFailure(decryptMessage(staffA, 'staff', CLIENT_2, ct));
  });

  it('a truncated blob', async () => {
    const blob = fromBase64Url(await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' }));
    for (const keep of [blob.length - 1, blob.length - 16, 1 + 12 + 16, 1 + 12 + 15, 13, 1, 0]) {
      await expect(decryptMessage(staffA, 'participant', CLIENT_1, toBase64Url(blob.subarray(0, keep)))).rejects.toThrow();
    }
    // Too short to hold version, nonce and tag: a format error, not a decrypt attempt.
    await expect(decryptMessage(staffA, 'participant', CLIENT_1, toBase64Url(blob.subarray(0, 28)))).rejects.toBeInstanceOf(
      CryptoFormatError,
    );
  });

  it('a base64url string cut to an impossible length is a CryptoFormatError', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    // 380 characters; cutting 3 leaves 377 = 1 (mod 4), which no byte string encodes to.
    const cut = ct.slice(0, ct.length - 3);
    expect(cut.length % 4).toBe(1);
    await expect(decryptMessage(staffA, 'participant', CLIENT_1, cut)).rejects.toBeInstanceOf(CryptoFormatError);
  });

  it('a wrong version byte is a CryptoFormatError', async () => {
    const blob = fromBase64Url(await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' }));
    for (const version of [0x00, 0x02, 0xff]) {
      blob[0] = version;
      await expect(decryptMessage(staffA, 'participant', CLIENT_1, toBase64Url(blob))).rejects.toBeInstanceOf(CryptoFormatError);
    }
  });

  it('text that is not base64url is a CryptoFormatError', async () => {
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    for (const bad of [`${ct}=`, ct.replace(/-/g, '+').replace(/_/g, '/') + '+/', ` ${ct}`, `${ct.slice(0, 10)}.${ct.slice(11)}`]) {
      await expect(decryptMessage(staffA, 'participant', CLIENT_1, bad)).rejects.toBeInstanceOf(CryptoFormatError);
    }
  });
});

describe('sealed grants that must not open', () => {
  let staffMember: CryptoKeyPair;
  let sealed: string;
  beforeAll(async () => {
    staffMember = await generateKeyPair();
    sealed = await sealPrivateKey(program.privateKey, staffMember.publicKey, programKeyContext(3));
  });

  it('sanity: the grant opens into the program key', async () => {
    const programPrivate = await openPrivateKey(staffMember.privateKey, sealed, programKeyContext(3));
    const keys = await deriveConversationKeys(programPrivate, participantE.publicKey, CONV_A);
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: 'x' });
    expect(await decryptMessage(keys, 'participant', CLIENT_1, ct)).toEqual({ text: 'x' });
  });

  it('with the context of another epoch', async () => {
    await expectAuthFailure(openPrivateKey(staffMember.privateKey, sealed, programKeyContext(2)));
    await expectAuthFailure(openPrivateKey(staffMember.privateKey, sealed, programKeyContext(4)));
    await expectAuthFailure(open(staffMember.privateKey, sealed, 'transfer-note'));
  });

  it('by another recipient', async () => {
    const other = await generateKeyPair();
    await expectAuthFailure(openPrivateKey(other.privateKey, sealed, programKeyContext(3)));
  });

  it('with any flipped bit', async () => {
    const length = fromBase64Url(sealed).length;
    for (let byte = 0; byte < length; byte++) {
      await expect(open(staffMember.privateKey, flipBit(sealed, byte, byte % 8), programKeyContext(3))).rejects.toThrow();
    }
  });

  it('truncated', async () => {
    const blob = fromBase64Url(await seal(staffMember.publicKey, new Uint8Array(0), 'c'));
    expect(blob.length).toBe(65 + 29);
    await expect(open(staffMember.privateKey, toBase64Url(blob.subarray(0, blob.length - 1)), 'c')).rejects.toBeInstanceOf(
      CryptoFormatError,
    );
    expect(await open(staffMember.privateKey, toBase64Url(blob), 'c')).toEqual(new Uint8Array(0));
  });
});

describe('wrapped staff keys that must not open', () => {
  const salt = newSalt();
  let staffMember: CryptoKeyPair;
  let wrapped: string;
  let right: CryptoKey;
  beforeAll(async () => {
    staffMember = await generateKeyPair(true);
    right = (await derivePasswordKeys('lighthouse keeper 42', salt, PBKDF2_ITERATIONS)).wrappingKey;
    wrapped = await wrapPrivateKey(staffMember.privateKey, right, 'ana.advocate');
  });

  it('sanity: the right password and username open a non-extractable key that still derives', async () => {
    const key = await unwrapPrivateKey(wrapped, right, 'ana.advocate');
    expect(key.extractable).toBe(false);
    const keys = await deriveConversationKeys(key, participantE.publicKey, CONV_A);
    const mine = await deriveConversationKeys(participantE.privateKey, staffMember.publicKey, CONV_A);
    const ct = await encryptMessage(mine, 'participant', CLIENT_1, { text: 'ok' });
    expect(await decryptMessage(keys, 'participant', CLIENT_1, ct)).toEqual({ text: 'ok' });
  });

  it('with another password', async () => {
    const wrong = (await derivePasswordKeys('lighthouse keeper 43', salt, PBKDF2_ITERATIONS)).wrappingKey;
    await expectAuthFailure(unwrapPrivateKey(wrapped, wrong, 'ana.advocate'));
  });

  it('with the same password under another salt', async () => {
    const wrong = (await derivePasswordKeys('lighthouse keeper 42', newSalt(), PBKDF2_ITERATIONS)).wrappingKey;
    await expectAuthFailure(unwrapPrivateKey(wrapped, wrong, 'ana.advocate'));
  });

  it('under another username', async () => {
    await expectAuthFailure(unwrapPrivateKey(wrapped, right, 'bob.advocate'));
    await expectAuthFailure(unwrapPrivateKey(wrapped, right, 'ana.advocate '));
  });

  it('the login proof differs per password and per salt', async () => {
    const a = await derivePasswordKeys('lighthouse keeper 42', salt, PBKDF2_ITERATIONS);
    const b = await derivePasswordKeys('lighthouse keeper 42', newSalt(), PBKDF2_ITERATIONS);
    expect(a.loginProof).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.loginProof).not.toBe(b.loginProof);
  });
});

describe('round-trips', () => {
  const all = [...fixtures.messages.map((m) => [m.lang, m.text] as const), ...fixtures.hostile.map((h, i) => [`hostile ${i}`, h] as const)];

  it('the fixture file has what these tests expect', () => {
    expect(fixtures.messages.length).toBeGreaterThan(10);
    expect(fixtures.hostile.length).toBeGreaterThan(5);
  });

  it.each(all)('%s, in every direction, from one end to the other', async (_name, text) => {
    for (const sender of SENDERS) {
      const ct = await encryptMessage(sender === 'participant' ? participantA : staffA, sender, CLIENT_1, { text });
      const opened = await decryptMessage(sender === 'participant' ? staffA : participantA, sender, CLIENT_1, ct);
      expect(opened.text).toBe(text.normalize('NFC'));
    }
  });

  it('the combining entry comes back NFC-normalised', async () => {
    const nfd = fixtures.messages.find((m) => m.lang === 'combining')!.text;
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: nfd });
    const { text } = await decryptMessage(staffA, 'participant', CLIENT_1, ct);
    expect(text).toBe(nfd.normalize('NFC'));
    expect(text).toBe('Zoë Ångström (NFD: normalise to NFC)'.normalize('NFC'));
  });

  it('hostile inputs come back exactly, control characters and lone surrogate included', async () => {
    for (const text of fixtures.hostile) {
      const ct = await encryptMessage(staffA, 'staff', CLIENT_2, { text });
      expect((await decryptMessage(participantA, 'staff', CLIENT_2, ct)).text).toBe(text);
    }
  });

  it('a body that is not {text: string} is refused even when it authenticates', async () => {
    // Only a key holder could make this; it must still not come out as a message.
    const raw = await crypto.subtle.exportKey('raw', (await deriveConversationKeys(program.privateKey, participantE.publicKey, CONV_A, true)).keys.staff);
    const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt']);
    const body = new Uint8Array(256);
    body.set(new TextEncoder().encode('{"text":42}'));
    body[11] = 0x80;
    const nonce = crypto.getRandomValues(new Uint8Array(12));
    const aad = new TextEncoder().encode(`lantern/v1|${CONV_A}|staff|${CLIENT_1}`);
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, key, body));
    const blob = new Uint8Array(1 + 12 + ct.length);
    blob.set([1]);
    blob.set(nonce, 1);
    blob.set(ct, 13);
    await expect(decryptMessage(participantA, 'staff', CLIENT_1, toBase64Url(blob))).rejects.toBeInstanceOf(CryptoFormatError);
  });
});

describe('padding', () => {
  it('paddedLength: body plus the 0x80 marker, rounded up to a power of two from 256', () => {
    expect(paddedLength(0)).toBe(256);
    expect(paddedLength(250)).toBe(256);
    expect(paddedLength(251)).toBe(256);
    expect(paddedLength(255)).toBe(256);
    expect(paddedLength(256)).toBe(512);
    expect(paddedLength(511)).toBe(512);
    expect(paddedLength(512)).toBe(1024);
    expect(paddedLength(1000)).toBe(1024);
    expect(paddedLength(MAX_PADDED_BYTES - 1)).toBe(MAX_PADDED_BYTES);
    expect(() => paddedLength(MAX_PADDED_BYTES)).toThrow(MessageTooLongError);
    expect(MAX_PADDED_BYTES).toBe(16 * 1024);
  });

  const ciphertextBytes = async (text: string) =>
    fromBase64Url(await encryptMessage(participantA, 'participant', CLIENT_1, { text })).length;
  // {"text":""} is 11 bytes of JSON around the text.
  const overhead = 11;

  it('short messages all share the smallest bucket', async () => {
    expect(await ciphertextBytes('hi')).toBe(await ciphertextBytes('a'.repeat(200)));
    expect(await ciphertextBytes('')).toBe(1 + 12 + 256 + 16);
    expect(await ciphertextBytes('a'.repeat(255 - overhead))).toBe(1 + 12 + 256 + 16);
  });

  it('longer messages move up one bucket at a time', async () => {
    expect(await ciphertextBytes('a'.repeat(256 - overhead))).toBe(1 + 12 + 512 + 16);
    expect(await ciphertextBytes('a'.repeat(1000))).toBe(1 + 12 + 1024 + 16);
    // Bytes, not characters, decide: 200 three-byte characters no longer fit 256.
    expect(await ciphertextBytes('灯'.repeat(200))).toBe(1 + 12 + 1024 + 16);
  });

  it('the largest body that fits, and MessageTooLongError one byte over 16 KiB', async () => {
    const fits = 'a'.repeat(MAX_PADDED_BYTES - 1 - overhead);
    expect(await ciphertextBytes(fits)).toBe(1 + 12 + MAX_PADDED_BYTES + 16);
    const ct = await encryptMessage(participantA, 'participant', CLIENT_1, { text: fits });
    expect((await decryptMessage(staffA, 'participant', CLIENT_1, ct)).text).toBe(fits);
    await expect(encryptMessage(participantA, 'participant', CLIENT_1, { text: `${fits}a` })).rejects.toBeInstanceOf(
      MessageTooLongError,
    );
    await expect(encryptMessage(participantA, 'participant', CLIENT_1, { text: 'a'.repeat(16 * 1024) })).rejects.toBeInstanceOf(
      MessageTooLongError,
    );
  });
});
