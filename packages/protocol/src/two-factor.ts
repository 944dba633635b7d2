import { Type, type Static } from '@sinclair/typebox';
import { Kdf, LoginProof, SealedKey } from './primitives';

const strict = { additionalProperties: false } as const;

/** A TOTP shared secret, base32 (RFC 4648, no padding): 20 random bytes make 32 characters. */
export const TotpSecret = Type.String({ pattern: '^[A-Z2-7]{32}$', minLength: 32, maxLength: 32 });

/** The six digits an authenticator app shows. */
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', minLength: 6, maxLength: 6 });

/** Sent with setup and invite acceptance: the secret the browser made, and the first code it gave, proving the app holds it. */
export const TotpEnrollment = Type.Object({ secret: TotpSecret, code: TotpCode }, strict);
export type TotpEnrollment = Static<typeof TotpEnrollment>;

/**
 * `POST /api/staff/password`: the current proof and a code, and what the browser made from the
 * new password: a new salt, proof, and the same staff private key wrapped under the new key.
 */
export const ChangePassword = Type.Object(
  {
    currentProof: LoginProof,
    totpCode: TotpCode,
    kdf: Kdf,
    loginProof: LoginProof,
    wrappedPrivateKey: SealedKey,
  },
  strict,
);
export type ChangePassword = Static<typeof ChangePassword>;

/** 423 from sign-in: too many failures in a row; `until` is when the account may try again (ISO 8601). */
export const LockedReply = Type.Object({ error: Type.Literal('locked'), message: Type.String(), until: Type.String() });
export type LockedReply = Static<typeof LockedReply>;
