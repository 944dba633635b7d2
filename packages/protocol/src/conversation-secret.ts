import { Type, type Static } from '@sinclair/typebox';
import { Base64Url, PublicKey, Uuid } from './primitives';

/*
 * Protocol v2: a staff device gets a conversation's secret from its holder (the participant's page,
 * or the server for a text) through the server, which relays these frames in memory and stores none.
 */

const strict = { additionalProperties: false } as const;

/** The secret sealed to one device: 0x02 ‖ nonce ‖ AES-GCM(32 bytes) = 61 bytes. */
export const SealedSecret = Base64Url(82, 82);

/** Staff → server → the holder: this device (its one-conversation ephemeral key) asks for the secret. */
export const KeyRequestFrame = Type.Object(
  { type: Type.Literal('key_request'), conversationId: Uuid, deviceKey: PublicKey },
  strict,
);
export type KeyRequestFrame = Static<typeof KeyRequestFrame>;

/** The holder → server → the staff devices of the conversation: the secret sealed to `deviceKey`, from `fromKey`. */
export const KeyGrantFrame = Type.Object(
  { type: Type.Literal('key_grant'), conversationId: Uuid, deviceKey: PublicKey, fromKey: PublicKey, sealed: SealedSecret },
  strict,
);
export type KeyGrantFrame = Static<typeof KeyGrantFrame>;

/** Retention above 0: the holder's console seals the secret to the program key, kept until the purge. */
export const EscrowFrame = Type.Object(
  { type: Type.Literal('escrow'), conversationId: Uuid, sealed: Base64Url(256, 64) },
  strict,
);
export type EscrowFrame = Static<typeof EscrowFrame>;
