import { fingerprint } from '@lantern/crypto';
import type { StaffList } from '@lantern/protocol';
import { api } from '../../shared/api';
import { grantTo } from '../../shared/keys';

export const listMembers = () => api<StaffList>('GET', '/api/staff/members');

/** Hex digits of the fingerprint the admin must type as the member reads them out: 64 bits no one can match by making keys. */
export const FINGERPRINT_DIGITS_TO_TYPE = 16;

const hexOnly = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, '');

export class FingerprintMismatchError extends Error {
  override name = 'FingerprintMismatchError';
  constructor() {
    super('That is not the fingerprint of the key the server lists for this member, so nothing was granted. Check what they read out; if it still differs, someone may be tampering with the server: tell another admin.');
  }
}

/**
 * Seals the program key to the member in this browser, once the fingerprint the member read out
 * from their own screen (computed there from the key their password opens) matches the key the
 * server lists here. The server only stores the result.
 */
export async function grantAccess(memberId: string, memberPublicKey: string, epoch: number, typedFingerprint: string): Promise<void> {
  const listed = hexOnly(await fingerprint(memberPublicKey)).slice(0, FINGERPRINT_DIGITS_TO_TYPE);
  if (hexOnly(typedFingerprint).slice(0, FINGERPRINT_DIGITS_TO_TYPE) !== listed) throw new FingerprintMismatchError();
  const { sealed, attestation } = await grantTo(memberPublicKey, epoch);
  await api<void>('POST', `/api/staff/members/${encodeURIComponent(memberId)}/grants`, { epoch, sealed, attestation });
}
