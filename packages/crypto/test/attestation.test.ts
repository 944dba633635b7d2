import { describe, expect, it } from 'vitest';
import { attestMemberKey, exportPublicKey, generateKeyPair, memberKeyAttested } from '../src/index';
import { fixedKey, hkdf, toWebCrypto } from './reference';
import { createHmac } from 'node:crypto';

/**
 * An admin's browser vouches for a member key at its grant; the next rotation seals only to keys
 * whose MAC checks. Computed here again with node:crypto from the format in docs/protocol.md.
 */
describe('member key attestation', () => {
  it('matches an independent HMAC-SHA-256 under HKDF(ECDH(program, program))', async () => {
    const program = fixedKey(0x31);
    const { privateKey, publicKey } = await toWebCrypto(program);
    const member = await exportPublicKey((await generateKeyPair()).publicKey);
    const shared = program.ecdh.computeSecret(program.publicRaw);
    const key = hkdf(shared, Buffer.from('lantern/v2/member-key'), 'epoch|3');
    const expected = createHmac('sha256', key).update(`lantern/v2/member-key|${member}`).digest('base64url');
    expect(await attestMemberKey(privateKey, publicKey, 3, member)).toBe(expected);
  });

  it('vouches for that key in that epoch only, and only under that program key', async () => {
    const program = await generateKeyPair();
    const other = await generateKeyPair();
    const member = await exportPublicKey((await generateKeyPair()).publicKey);
    const swapped = await exportPublicKey((await generateKeyPair()).publicKey);
    const mac = await attestMemberKey(program.privateKey, program.publicKey, 2, member);
    expect(await memberKeyAttested(program.privateKey, program.publicKey, 2, member, mac)).toBe(true);
    expect(await memberKeyAttested(program.privateKey, program.publicKey, 2, swapped, mac)).toBe(false);
    expect(await memberKeyAttested(program.privateKey, program.publicKey, 3, member, mac)).toBe(false);
    expect(await memberKeyAttested(other.privateKey, other.publicKey, 2, member, mac)).toBe(false);
    // A MAC the server made up with a key of its own does not pass either.
    expect(await memberKeyAttested(program.privateKey, program.publicKey, 2, swapped, await attestMemberKey(other.privateKey, other.publicKey, 2, swapped))).toBe(false);
  });
});
