import { Type, type Static } from '@sinclair/typebox';
import { Uuid } from './primitives';

const strict = { additionalProperties: false } as const;

/** Twilio caps a message body at 1,600 characters. */
export const SMS_MAX_CHARS = 1600;

const PhoneNumber = Type.String({ minLength: 3, maxLength: 32 });

/** `POST /api/sms/conversations`: a number to text first, typed twice. */
export const StartOutbound = Type.Object({ number: PhoneNumber, confirmNumber: PhoneNumber }, strict);
export type StartOutbound = Static<typeof StartOutbound>;

/** `POST /api/sms/conversations/:id/messages`: an advocate's text. */
export const SendSms = Type.Object({ clientId: Uuid, text: Type.String({ minLength: 1, maxLength: SMS_MAX_CHARS }) }, strict);
export type SendSms = Static<typeof SendSms>;
