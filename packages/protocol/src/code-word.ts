import { Type, type Static } from '@sinclair/typebox';
import { REFERENCE_PATTERN } from './code-word-text';
import { Base64Url, Token, Uuid } from './primitives';

const strict = { additionalProperties: false } as const;

/** A returning participant's reference, in its stored form (no hyphen, upper case). */
export const CodeWordReference = Type.String({ pattern: REFERENCE_PATTERN, minLength: 8, maxLength: 8 });

/** A padded code word (256 bytes) sealed to the program key: 65 + 1 + 12 + 256 + 16 bytes. */
export const SealedCodeWord = Base64Url(467, 467);

/**
 * `POST /api/code-words` (staff): a new reference for the participant of a web conversation the
 * member holds, or, with `reference`, a new code word for an existing one. The conversation is
 * checked, never stored with the code word.
 */
export const IssueCodeWord = Type.Object({ conversationId: Uuid, reference: Type.Optional(CodeWordReference) }, strict);
export type IssueCodeWord = Static<typeof IssueCodeWord>;
export const CodeWordIssued = Type.Object({ reference: CodeWordReference, setToken: Token, expiresAt: Type.String() });
export type CodeWordIssued = Static<typeof CodeWordIssued>;

/**
 * `POST /api/code-words/set` (the participant's page): the sealed code word, with the one-time
 * token the advocate passed on and the page's own conversation token: the token works only from
 * the chat it was issued in, so the advocate who passed it on cannot set a word themselves.
 */
export const SetCodeWord = Type.Object(
  { reference: CodeWordReference, setToken: Token, token: Token, epoch: Type.Integer({ minimum: 1, maximum: 2 ** 31 }), sealed: SealedCodeWord },
  strict,
);
export type SetCodeWord = Static<typeof SetCodeWord>;

/** `POST /api/code-words/lookup` (staff): the sealed code word of a reference, for a staff browser to open and compare. */
/** `conversationId`: the chat the member checks it in (one they hold); only there can the reference then be renewed. */
export const LookupCodeWord = Type.Object({ reference: CodeWordReference, conversationId: Uuid }, strict);
export type LookupCodeWord = Static<typeof LookupCodeWord>;
export const CodeWordRecord = Type.Object({
  reference: CodeWordReference,
  sealed: SealedCodeWord,
  epoch: Type.Integer(),
  /** When this code word was set. */
  setAt: Type.String(),
  /** Older than the program's rotation period: the console suggests a new one. */
  stale: Type.Boolean(),
  rotationDays: Type.Integer(),
});
export type CodeWordRecord = Static<typeof CodeWordRecord>;
