import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PBKDF2_ITERATIONS,
  SENDERS,
  decryptMessage,
  deriveConversationKeys,
  derivePasswordKeys,
  encryptMessage,
  exportPublicKey,
  fingerprint,
  importPublicKey,
  keyId,
  open,
  openPrivateKey,
  programKeyContext,
  seal,
  sealPrivateKey,
  unwrapPrivateKey,
  wrapPrivateKey,
} from '../src/index';
import {
  P256,
  decryptMessageRef,
  encryptMessageRef,
  fixedKey,
  gcmOpen,
  gcmSeal,
  openRef,
  padBody,
  passwordKeysRef,
  pkcs8Of,
  scalarOfPkcs8,
  sealRef,
  senderKey,
  toWebCrypto,
  wrapAad,
} from './reference';

const participant = fixedKey(0x11);
const program = fixedKey(0x22);
const staff = fixedKey(0x33);
const sealEphemeral = fixedKey(0x44);

const conversationId = '5d0c8d5e-3c1f-4c2a-9b1e-7f6a2d4c8b10';
const clientId = '0f1e2d3c-4b5a-4969-8877-665544332211';
const nonce = Buffer.from('000102030405060708090a0b', 'hex');
const text = 'Lantern known-answer: the blue heron waits';

const shared = participant.ecdh.computeSecret(program.publicRaw);

/*
 * Frozen v1 vectors, computed once with node:crypto (see reference.ts). They pin the construction:
 * if the package and the reference drifted together, the interop tests would still pass but these would not.
 */
const FROZEN = {
  programPublicKey: 'BNZak5d8qj0bCBhS_1ennkZfFmBXcwS66tUF3TpIWJzzUBheiVNy32Ih6joTdVfkc_3bZ1XwW9UHw8Uz_OnJEoU',
  participantSenderKeyHex: 'e01e316e2a29c0a8ede95b9b39e1d1f7840176d40312c678760155eb054cd26f',
  message:
    'AQABAgMEBQYHCAkKC0_X5QPzKY7g7XBaO_4fANFwwtViKW2IZIkpjb6_ZqwMX0kFXNfqu-r8ZY8fBNNcdhBDEm4L3vorUo17iZbJNIgx16pbO6mzTAOOH6xQlu5dOLq_yKqNeB-irY-HgfTqnI2AshZ8rUmsl2FddyNWzqNsLcR4cQA4SSJtQORx2swDKs9ZTPIt52uTnxshifofVWzKcaA12fUA7P-I85qa80jvCutnmm_0MLL52HZRfPYSm5Ag4i_Gf8hgxdIv2VIjV8xWnQd_z1OUDciELxi0EES5Iw-KvgqqbRXXAnrUxb96MoAsaagM92nWxvGvFiOrwbm0dqm_BEvlMMeY2PTGp2DLNaOO9lryBoifVTcm4sF-',
  password: 'correct horse battery staple',
  salt: 'AAECAwQFBgcICQoLDA0ODw',
  loginProof: 'IcHI6Myk4Xo-_CCN4i5zPR17NAWo8xuRH0ryWe2sH0o',
  sealContext: 'program-key/1',
  sealPlaintext: 'sealed known answer',
  sealed:
    'BFs2iQ2svXyalrt0oe4os9LXW3LgmiDvJc-Ob9ip8DUNDhS-2NRoKjTYNTi9_1uW6JpmZuwNtXRdAvoSEAct91oBAAECAwQFBgcICQoLA7A-Pxeu-dLVmncoMkANRoq_8cvGJIgl-n-FUNEPfUdgX8o',
  programFingerprint: '6fc6 6a90 4861 71ca 69b5 12be 185d 66a7',
  programKeyId: '6fc66a90486171ca',
};

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

async function packageKeys(side: 'participant' | 'staff', extractable = false) {
  if (side === 'participant') {
    const own = await toWebCrypto(participant);
    return deriveConversationKeys(own.privateKey, (await toWebCrypto(program)).publicKey, conversationId, extractable);
  }
  const own = await toWebCrypto(program);
  return deriveConversationKeys(own.privateKey, (await toWebCrypto(participant)).publicKey, conversationId, extractable);
}

describe('conversation messages against node:crypto', () => {
  it('derives the same per-sender keys as HKDF(ECDH, salt=conversation id, info=lantern/v1/<sender>), on both sides', async () => {
    for (const side of ['participant', 'staff'] as const) {
      const keys = await packageKeys(side, true);
      for (const sender of SENDERS) {
        const raw = Buffer.from(await crypto.subtle.exportKey('raw', keys.keys[sender]));
        expect(raw.toString('hex'), `${side}/${sender}`).toBe(senderKey(shared, conversationId, sender).toString('hex'));
      }
    }
    expect(senderKey(shared, conversationId, 'participant').toString('hex')).toBe(FROZEN.participantSenderKeyHex);
  });

  it('keys are distinct per sender', async () => {
    const keys = await packageKeys('participant', true);
    const raws = await Promise.all(SENDERS.map(async (s) => Buffer.from(await crypto.subtle.exportKey('raw', keys.keys[s])).toString('hex')));
    expect(new Set(raws).size).toBe(SENDERS.length);
  });

  it('opens a message built by node:crypto, from either side', async () => {
    for (const sender of SENDERS) {
      const ct = encryptMessageRef(senderKey(shared, conversationId, sender), nonce, conversationId, sender, clientId, text);
      for (const side of ['participant', 'staff'] as const) {
        expect(await decryptMessage(await packageKeys(side), sender, clientId, ct)).toEqual({ text });
      }
    }
  });

  it('opens the frozen v1 message vector, which the reference still reproduces byte for byte', async () => {
    const ct = encryptMessageRef(senderKey(shared, conversationId, 'participant'), nonce, conversationId, 'participant', clientId, text);
    expect(ct).toBe(FROZEN.message);
    expect(await decryptMessage(await packageKeys('staff'), 'participant', clientId, FROZEN.message)).toEqual({ text });
  });

  it("node:crypto opens the package's ciphertext and finds the exact v1 layout and padding", async () => {
    const keys = await packageKeys('staff');
    for (const sender of SENDERS) {
      const ct = await encryptMessage(keys, sender, clientId, { text });
      const blob = Buffer.from(ct, 'base64url');
      expect(blob[0]).toBe(0x01);
      expect(blob.length).toBe(1 + 12 + 256 + 16);
      const padded = decryptMessageRef(senderKey(shared, conversationId, sender), conversationId, sender, clientId, ct);
      expect(padded.equals(padBody(text))).toBe(true);
    }
  });

  it('uses a fresh nonce for every message', async () => {
    const keys = await packageKeys('participant');
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const blob = Buffer.from(await encryptMessage(keys, 'participant', clientId, { text }), 'base64url');
      nonces.add(blob.subarray(1, 13).toString('hex'));
    }
    expect(nonces.size).toBe(20);
  });
});

describe('password keys against node:crypto', () => {
  it('loginProof equals PBKDF2-SHA-256 then HKDF(info=lantern/v1/login-proof), and the frozen value', async () => {
    const ours = await derivePasswordKeys(FROZEN.password, FROZEN.salt, PBKDF2_ITERATIONS);
    const ref = passwordKeysRef(FROZEN.password, Buffer.from(FROZEN.salt, 'base64url'), PBKDF2_ITERATIONS);
    expect(ours.loginProof).toBe(ref.loginProof.toString('base64url'));
    expect(ours.loginProof).toBe(FROZEN.loginProof);
    expect(PBKDF2_ITERATIONS).toBe(600_000);
  });

  it('defaults to 600,000 iterations and NFC-normalises the password', async () => {
    const nfd = 'Zoë Ångström mot de passe'.normalize('NFD');
    const salt = FROZEN.salt;
    const ours = await derivePasswordKeys(nfd, salt);
    const ref = passwordKeysRef(nfd.normalize('NFC'), Buffer.from(salt, 'base64url'), 600_000);
    expect(ours.loginProof).toBe(ref.loginProof.toString('base64url'));
  });

  it('the login proof is not the wrapping key', () => {
    const ref = passwordKeysRef(FROZEN.password, Buffer.from(FROZEN.salt, 'base64url'), 1000);
    expect(ref.loginProof.equals(ref.wrappingKey)).toBe(false);
  });

  it("node:crypto unwraps the package's wrapped staff key (pkcs8 under AAD lantern/v1/staff-key|username)", async () => {
    const iterations = 600_000;
    const { wrappingKey } = await derivePasswordKeys(FROZEN.password, FROZEN.salt, iterations);
    const ref = passwordKeysRef(FROZEN.password, Buffer.from(FROZEN.salt, 'base64url'), iterations);
    const staffKey = (await toWebCrypto(staff, true)).privateKey;
    const wrapped = await wrapPrivateKey(staffKey, wrappingKey, 'ana.advocate');
    const pkcs8 = gcmOpen(ref.wrappingKey, Buffer.from(wrapped, 'base64url'), wrapAad('ana.advocate'));
    expect(scalarOfPkcs8(pkcs8)).toBe(staff.jwk.d);
  });

  it('the package unwraps a staff key wrapped by node:crypto, into a working non-extractable key', async () => {
    const iterations = 600_000;
    const { wrappingKey } = await derivePasswordKeys(FROZEN.password, FROZEN.salt, iterations);
    const ref = passwordKeysRef(FROZEN.password, Buffer.from(FROZEN.salt, 'base64url'), iterations);
    const wrapped = gcmSeal(ref.wrappingKey, nonce, pkcs8Of(staff), wrapAad('ana.advocate')).toString('base64url');
    const unwrapped = await unwrapPrivateKey(wrapped, wrappingKey, 'ana.advocate');
    expect(unwrapped.extractable).toBe(false);
    const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: (await toWebCrypto(program)).publicKey }, unwrapped, 256);
    expect(Buffer.from(bits).equals(staff.ecdh.computeSecret(program.publicRaw))).toBe(true);
  });
});

describe('seal (ECIES) against node:crypto', () => {
  it('opens a blob sealed by node:crypto, and the frozen vector', async () => {
    const recipient = (await toWebCrypto(staff)).privateKey;
    const sealed = sealRef(sealEphemeral, staff.publicRaw, nonce, utf8(FROZEN.sealPlaintext), FROZEN.sealContext);
    expect(sealed).toBe(FROZEN.sealed);
    const opened = await open(recipient, FROZEN.sealed, FROZEN.sealContext);
    expect(Buffer.from(opened).toString('utf8')).toBe(FROZEN.sealPlaintext);
  });

  it("node:crypto opens the package's sealed blob: ephemeral point || 0x01 || nonce || ct+tag", async () => {
    const recipient = (await toWebCrypto(staff)).publicKey;
    const plaintext = utf8('grant for epoch 7');
    const sealed = await seal(recipient, plaintext, programKeyContext(7));
    const blob = Buffer.from(sealed, 'base64url');
    expect(blob.length).toBe(65 + 1 + 12 + plaintext.length + 16);
    expect(blob[0]).toBe(0x04);
    expect(blob[65]).toBe(0x01);
    expect(openRef(staff, sealed, 'program-key/7').equals(Buffer.from(plaintext))).toBe(true);
  });

  it('uses a fresh ephemeral key for every seal', async () => {
    const recipient = (await toWebCrypto(staff)).publicKey;
    const a = Buffer.from(await seal(recipient, utf8('x'), 'c'), 'base64url').subarray(0, 65);
    const b = Buffer.from(await seal(recipient, utf8('x'), 'c'), 'base64url').subarray(0, 65);
    expect(a.equals(b)).toBe(false);
  });

  it('a program key grant sealed by the package carries the pkcs8 of that key', async () => {
    const programPrivate = (await toWebCrypto(program, true)).privateKey;
    const sealed = await sealPrivateKey(programPrivate, (await toWebCrypto(staff)).publicKey, programKeyContext(3));
    expect(scalarOfPkcs8(openRef(staff, sealed, 'program-key/3'))).toBe(program.jwk.d);
  });

  it('a program key grant sealed by node:crypto opens into a key that derives the same conversation keys', async () => {
    const sealed = sealRef(sealEphemeral, staff.publicRaw, nonce, pkcs8Of(program), programKeyContext(3));
    const programPrivate = await openPrivateKey((await toWebCrypto(staff)).privateKey, sealed, 'program-key/3');
    expect(programPrivate.extractable).toBe(false);
    const keys = await deriveConversationKeys(programPrivate, (await toWebCrypto(participant)).publicKey, conversationId);
    expect(await decryptMessage(keys, 'participant', clientId, FROZEN.message)).toEqual({ text });
  });
});

describe('public keys, fingerprints and key ids', () => {
  it('exports the raw uncompressed point as base64url and imports it back', async () => {
    const { publicKey } = await toWebCrypto(program);
    const encoded = await exportPublicKey(publicKey);
    expect(encoded).toBe(program.publicRaw.toString('base64url'));
    expect(encoded).toBe(FROZEN.programPublicKey);
    const again = await importPublicKey(encoded);
    expect(again.algorithm).toMatchObject(P256);
    expect(Buffer.from(await crypto.subtle.exportKey('raw', again)).equals(program.publicRaw)).toBe(true);
  });

  it('fingerprint is the first 16 bytes of SHA-256(raw point) in groups of four hex digits; keyId the first 8', async () => {
    const digest = createHash('sha256').update(program.publicRaw).digest('hex');
    const fp = await fingerprint(FROZEN.programPublicKey);
    expect(fp).toBe(digest.slice(0, 32).match(/.{4}/g)!.join(' '));
    expect(fp).toBe(FROZEN.programFingerprint);
    const id = await keyId(FROZEN.programPublicKey);
    expect(id).toBe(digest.slice(0, 16));
    expect(id).toBe(FROZEN.programKeyId);
  });

  it('different keys have different fingerprints', async () => {
    expect(await fingerprint(staff.publicRaw.toString('base64url'))).not.toBe(FROZEN.programFingerprint);
  });
});
