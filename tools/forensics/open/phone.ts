import { gcmOpen, hkdf, utf8 } from '../crypto';

/**
 * SMS phone numbers and provider message ids. v1: the Vault of apps/server/src/sms/vault.ts, keyed
 * by SERVER_KEY or program.sms_server_key. v2: under the conversation secret S.
 */

const EMPTY = Buffer.alloc(0);

export const vaultSealKey = (serverKey: Uint8Array) => hkdf(serverKey, EMPTY, 'lantern/v1/sms-seal');

export function openVaultV1(serverKey: Uint8Array, sealed: Uint8Array, context: string): string | null {
  return gcmOpen(vaultSealKey(serverKey), sealed, utf8(context), 1)?.toString('utf8') ?? null;
}

export const openPhoneV1 = (serverKey: Uint8Array, sealed: Uint8Array, smsRowId: string) => openVaultV1(serverKey, sealed, `phone|${smsRowId}`);

export const openRemoteMessageIdV1 = (serverKey: Uint8Array, sealed: Uint8Array, rowId: string) => openVaultV1(serverKey, sealed, `remote-message|${rowId}`);

export function openPhoneV2(secret: Uint8Array, conversationId: string, sealed: Uint8Array, smsRowId: string): string | null {
  const key = hkdf(secret, utf8(conversationId), 'lantern/v2/sms-phone');
  return gcmOpen(key, sealed, utf8(`phone|${smsRowId}`), 2)?.toString('utf8') ?? null;
}

/** Staff TOTP secrets (apps/server/src/staff/totp.ts): a Vault under a key derived from program.server_secret. */
export function openTotpSecret(serverSecret: Uint8Array, sealed: Uint8Array, staffId: string): string | null {
  return openVaultV1(hkdf(serverSecret, EMPTY, 'lantern/v1/staff-totp'), sealed, `staff-totp|${staffId}`);
}
