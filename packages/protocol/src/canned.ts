import { Type, type Static } from '@sinclair/typebox';
import { LanguageTag, Uuid } from './primitives';

const strict = { additionalProperties: false } as const;

/** The program's own standard texts (rights, safety check, closing…): program content, not participant content. */
export const CannedInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    language: LanguageTag,
  },
  strict,
);
export type CannedInput = Static<typeof CannedInput>;

export const CannedMessage = Type.Object({ id: Uuid, title: Type.String(), text: Type.String(), language: Type.String() });
export type CannedMessage = Static<typeof CannedMessage>;

/** `GET /api/canned` (any staff): the library, by language then title. */
export const CannedList = Type.Object({ messages: Type.Array(CannedMessage) });
export type CannedList = Static<typeof CannedList>;

export const CannedParams = Type.Object({ id: Uuid }, strict);
