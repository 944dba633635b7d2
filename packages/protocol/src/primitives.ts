import { Type, type Static } from '@sinclair/typebox';
import { MAX_CIPHERTEXT_BYTES } from './limits';
import { MAX_PARTICIPANT_NAME, PARTICIPANT_NAME_PATTERN } from './participant-name';

/** Opaque bytes on the wire: base64url without padding. */
export const Base64Url = (maxLength: number, minLength = 1) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength, maxLength });

export const Uuid = Type.String({
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  minLength: 36,
  maxLength: 36,
});

/** Random bearer secrets (participant tokens, staff sessions, invites, setup): 32 bytes. */
export const Token = Base64Url(43, 43);

/** A P-256 public key, raw uncompressed point (65 bytes). */
export const PublicKey = Base64Url(87, 87);

/** One encrypted message: nonce + AES-GCM ciphertext of a padded body. */
export const Ciphertext = Base64Url(Math.ceil((MAX_CIPHERTEXT_BYTES * 4) / 3));

/** A sealed (ECIES) or password-wrapped key blob. */
export const SealedKey = Base64Url(1024, 64);

export const LanguageTag = Type.String({ pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$', maxLength: 35 });

export const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._@+-]{2,63}$', minLength: 3, maxLength: 64 });
export const DisplayName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
/**
 * The name participants see of a staff member ("Sam"), where staff see the display name: any script,
 * no controls or bidi overrides, not only spaces (participant-name.ts).
 */
export const ParticipantName = Type.String({ minLength: 1, maxLength: MAX_PARTICIPANT_NAME, pattern: PARTICIPANT_NAME_PATTERN });

export const Role = Type.Union([Type.Literal('advocate'), Type.Literal('supervisor'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

export const Channel = Type.Union([Type.Literal('web'), Type.Literal('sms')]);
export type Channel = Static<typeof Channel>;

export const Sender = Type.Union([Type.Literal('participant'), Type.Literal('staff'), Type.Literal('interpreter')]);
export type Sender = Static<typeof Sender>;

export const Kdf = Type.Object(
  {
    salt: Base64Url(22, 22),
    iterations: Type.Integer({ minimum: 600_000, maximum: 10_000_000 }),
  },
  { additionalProperties: false },
);
export type Kdf = Static<typeof Kdf>;

/** HKDF output of the password derivation (32 bytes); the server keeps only an Argon2id hash of it. */
export const LoginProof = Base64Url(43, 43);
