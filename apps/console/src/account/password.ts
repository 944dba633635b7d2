import { newSalt, PBKDF2_ITERATIONS, rewrapPrivateKey } from '@lantern/crypto';
import type { ChangePassword } from '@lantern/protocol';
import { api } from '../shared/api';
import { passwordKeys } from '../shared/keys';
import { me } from '../shared/state';

/**
 * A new password: the browser proves the current one, derives a new proof under a new salt and
 * re-wraps the same staff key under the new password. Other sessions of this member end.
 * Throws `WrongPasswordError` before asking the server when the current password does not open the key.
 */
export async function changePassword(current: string, next: string, totpCode: string): Promise<void> {
  const self = me.value;
  if (!self) throw new Error('not signed in');
  const old = await passwordKeys(current, self.kdf);
  const kdf = { salt: newSalt(), iterations: PBKDF2_ITERATIONS };
  const fresh = await passwordKeys(next, kdf);
  let wrappedPrivateKey: string;
  try {
    wrappedPrivateKey = await rewrapPrivateKey(self.wrappedPrivateKey, old.wrappingKey, fresh.wrappingKey, self.username);
  } catch {
    throw new WrongPasswordError();
  }
  const change: ChangePassword = { currentProof: old.loginProof, totpCode, kdf, loginProof: fresh.loginProof, wrappedPrivateKey };
  await api<void>('POST', '/api/staff/password', change);
  me.value = { ...self, kdf, wrappedPrivateKey };
}

export class WrongPasswordError extends Error {
  override name = 'WrongPasswordError';
  constructor() {
    super('That is not your current password.');
  }
}
