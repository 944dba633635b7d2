import { afterEach, describe, expect, it, vi } from 'vitest';
import { generate, verify } from 'otplib';
import { actionLabel, detailText } from '../src/admin/audit/audit-words';
import { cleanCode, groupedSecret, newTotpSecret, totpUri } from '../src/account/two-factor';

/** The console's half of TOTP enrolment: a secret any authenticator app (and the server's otplib) reads the same way. */
describe('two-factor enrolment in the console', () => {
  afterEach(() => vi.restoreAllMocks());

  it('encodes 20 random bytes as RFC 4648 base32 (the RFC 6238 test secret)', () => {
    const bytes = new TextEncoder().encode('12345678901234567890');
    const fill = (array: Uint8Array) => {
      array.set(bytes);
      return array;
    };
    vi.spyOn(crypto, 'getRandomValues').mockImplementation(fill as typeof crypto.getRandomValues);
    expect(newTotpSecret()).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('makes a fresh secret each time, whose codes the server library accepts', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    expect((await verify({ secret, token: await generate({ secret }) })).valid).toBe(true);
  });

  it('puts the program and username in the URI the QR code carries, escaped', () => {
    const uri = new URL(totpUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'Safe Home & Shelter', 'ada@x'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Safe Home & Shelter:ada@x');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('issuer')).toBe('Safe Home & Shelter');
    expect(uri.searchParams.get('period')).toBe('30');
  });

  it('shows the secret in groups of four and takes a typed code with spaces', () => {
    expect(groupedSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(cleanCode(' 123 456 ')).toBe('123456');
    expect(cleanCode('123-456')).toBe('123456');
    expect(cleanCode('12345')).toBeNull();
    expect(cleanCode('12345a')).toBeNull();
  });

  it('puts sign-in failures and locks in plain words in the audit log', () => {
    const entry = (action: string, detail: Record<string, unknown>) => ({ seq: 1, at: '2026-01-01T00:00:00.000Z', actorId: null, action, detail, hash: '' });
    const nameOf = (id: string) => id;
    expect(detailText(entry('staff.sign_in_failed', { username: 'ada', reason: 'password' }), nameOf)).toBe('Username tried: ada');
    expect(detailText(entry('staff.sign_in_failed', { username: 'ada', reason: 'code' }), nameOf)).toBe('Username tried: ada (right password, wrong code)');
    expect(actionLabel('staff.locked')).toBe('Account locked after failed sign-ins');
    expect(detailText(entry('staff.locked', { until: '2026-01-01T00:01:00.000Z' }), nameOf)).toMatch(/^Until /);
    // A tampered detail shows as it is, never as a date.
    expect(detailText(entry('staff.locked', { until: 'soon' }), nameOf)).not.toMatch(/^Until /);
  });
});
