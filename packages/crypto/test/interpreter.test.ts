import { describe, expect, it } from 'vitest';
import {
  CryptoFormatError,
  INTERPRETER_KEYS_BYTES,
  SENDERS,
  decryptMessage,
  deriveConversationKeys,
  encryptMessage,
  exportInterpreterKeys,
  fromBase64Url,
  importInterpreterKeys,
  toBase64Url,
} from '../src/index';
import { decryptMessageRef, encryptMessageRef, fixedKey, padBody, senderKey, toWebCrypto } from './reference';

const participant = fixedKey(0x11);
const program = fixedKey(0x22);
const conversationId = '5d0c8d5e-3c1f-4c2a-9b1e-7f6a2d4c8b10';
const otherConversationId = '7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908';
const clientId = '0f1e2d3c-4b5a-4969-8877-665544332211';
const nonce = Buffer.from('000102030405060708090a0b', 'hex');
const text = 'مرحبا، أنا المترجمة · 我是口译员 · interpreter 🌍';

const shared = participant.ecdh.computeSecret(program.publicRaw);

/** The staff side, extractable: what the advocate's browser derives to make the link. */
async function staffKeys(id = conversationId, extractable = true) {
  return deriveConversationKeys((await toWebCrypto(program)).privateKey, (await toWebCrypto(participant)).publicKey, id, extractable);
}

async function participantKeys(id = conversationId) {
  return deriveConversationKeys((await toWebCrypto(participant)).privateKey, (await toWebCrypto(program)).publicKey, id);
}

/*
 * Frozen: base64url(0x01 || HKDF(ECDH, salt = conversation id, info = lantern/v1/<sender>) for
 * participant, staff, interpreter), computed once with node:crypto (reference.ts).
 */
const FROZEN_FRAGMENT_KEYS =
  'AeAeMW4qKcCo7elbmznh0feEAXbUAxLGeHYBVesFTNJvWy9zIGWdt1M2B8nRtaDD93u8_l9cqmJnWpFwLJMsG75TI8QndxewldJXSFr0RbBoXF1ipwBPCURaXnK3RFyehw';

describe('the interpreter direction and the link keys, against node:crypto', () => {
  it('exports version 1 then the three direction keys in sender order, as HKDF derives them', async () => {
    const encoded = await exportInterpreterKeys(await staffKeys());
    const expected = Buffer.concat([Buffer.from([1]), ...SENDERS.map((s) => senderKey(shared, conversationId, s))]);
    expect(Buffer.from(fromBase64Url(encoded)).equals(expected)).toBe(true);
    expect(fromBase64Url(encoded).length).toBe(INTERPRETER_KEYS_BYTES);
    expect(encoded).toBe(FROZEN_FRAGMENT_KEYS);
  });

  it('the participant derives the same interpreter key from its own ephemeral key', async () => {
    const ct = encryptMessageRef(senderKey(shared, conversationId, 'interpreter'), nonce, conversationId, 'interpreter', clientId, text);
    expect(await decryptMessage(await participantKeys(), 'interpreter', clientId, ct)).toEqual({ text });
  });

  it('imported link keys open every direction written by node:crypto, and write what node:crypto opens', async () => {
    const interpreter = await importInterpreterKeys(conversationId, FROZEN_FRAGMENT_KEYS);
    for (const sender of SENDERS) {
      expect(interpreter.keys[sender].extractable).toBe(false);
      const ct = encryptMessageRef(senderKey(shared, conversationId, sender), nonce, conversationId, sender, clientId, text);
      expect(await decryptMessage(interpreter, sender, clientId, ct)).toEqual({ text });
    }
    const written = await encryptMessage(interpreter, 'interpreter', clientId, { text });
    const padded = decryptMessageRef(senderKey(shared, conversationId, 'interpreter'), conversationId, 'interpreter', clientId, written);
    expect(padded.equals(padBody(text))).toBe(true);
  });

  it('everyone reads everyone: participant, staff and interpreter each open the other two', async () => {
    const sides = { participant: await participantKeys(), staff: await staffKeys(conversationId, false), interpreter: await importInterpreterKeys(conversationId, FROZEN_FRAGMENT_KEYS) };
    for (const writer of SENDERS) {
      const ct = await encryptMessage(sides[writer], writer, clientId, { text: `from ${writer}` });
      for (const reader of SENDERS) expect(await decryptMessage(sides[reader], writer, clientId, ct)).toEqual({ text: `from ${writer}` });
    }
  });
});

describe('interpreter keys that must not work', () => {
  const authFailure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => null, (e: unknown) => e as Error);
    expect(error?.name).toBe('OperationError');
  };

  it('an interpreter message does not open as another direction', async () => {
    const interpreter = await importInterpreterKeys(conversationId, FROZEN_FRAGMENT_KEYS);
    const ct = await encryptMessage(interpreter, 'interpreter', clientId, { text });
    const staff = await staffKeys(conversationId, false);
    await authFailure(decryptMessage(staff, 'staff', clientId, ct));
    await authFailure(decryptMessage(staff, 'participant', clientId, ct));
    // The interpreter key under the staff label: the additional data still names the sender.
    await authFailure(decryptMessage({ conversationId, version: staff.version, keys: { ...staff.keys, staff: interpreter.keys.interpreter } }, 'staff', clientId, ct));
  });

  it('link keys bound to another conversation open nothing of this one', async () => {
    const ct = encryptMessageRef(senderKey(shared, conversationId, 'participant'), nonce, conversationId, 'participant', clientId, text);
    await authFailure(decryptMessage(await importInterpreterKeys(otherConversationId, FROZEN_FRAGMENT_KEYS), 'participant', clientId, ct));
    const otherKeys = await exportInterpreterKeys(await staffKeys(otherConversationId));
    await authFailure(decryptMessage(await importInterpreterKeys(conversationId, otherKeys), 'participant', clientId, ct));
  });

  it('a flipped bit in the link keys opens nothing', async () => {
    const ct = encryptMessageRef(senderKey(shared, conversationId, 'staff'), nonce, conversationId, 'staff', clientId, text);
    const blob = fromBase64Url(FROZEN_FRAGMENT_KEYS);
    for (const byte of [33, 50, 64]) {
      const flipped = blob.slice();
      flipped[byte]! ^= 0x01;
      await authFailure(decryptMessage(await importInterpreterKeys(conversationId, toBase64Url(flipped)), 'staff', clientId, ct));
    }
  });

  it('a fragment of the wrong length, version or alphabet is a CryptoFormatError', async () => {
    const blob = fromBase64Url(FROZEN_FRAGMENT_KEYS);
    const wrongVersion = blob.slice();
    wrongVersion[0] = 3;
    for (const bad of [toBase64Url(blob.subarray(0, blob.length - 1)), toBase64Url(Buffer.concat([blob, Buffer.from([0])])), toBase64Url(wrongVersion), 'not base64!', '']) {
      await expect(importInterpreterKeys(conversationId, bad)).rejects.toBeInstanceOf(CryptoFormatError);
    }
  });

  it('the usual derivation stays non-extractable: only the link export asks for it', async () => {
    const keys = await staffKeys(conversationId, false);
    await expect(exportInterpreterKeys(keys)).rejects.toThrow();
  });
});
