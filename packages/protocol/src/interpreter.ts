import { Type, type Static } from '@sinclair/typebox';
import { Token, Uuid } from './primitives';

const strict = { additionalProperties: false } as const;

/**
 * A live interpreter in one conversation: invited by the advocate (a single-use link), `asking`
 * once the link is opened (the participant is asked), then `joined` or `declined`; `left` when
 * the interpreter leaves or the advocate removes them.
 */
export const InterpreterState = Type.Union([
  Type.Literal('invited'),
  Type.Literal('asking'),
  Type.Literal('joined'),
  Type.Literal('declined'),
  Type.Literal('left'),
]);
export type InterpreterState = Static<typeof InterpreterState>;

/** Path parameters of the advocate's interpreter routes. */
export const InterpreterParams = Type.Object({ id: Uuid }, strict);

/**
 * POST /api/conversations/:id/interpreter. The console appends `#t=<token>&k=<keys>` to `url`;
 * the keys never reach the server.
 */
export const InterpreterInvited = Type.Object({ token: Token, url: Type.String(), expiresAt: Type.String() });
export type InterpreterInvited = Static<typeof InterpreterInvited>;

/** POST /api/interpreter/redeem: the link's token, once; the keys stay in the interpreter's browser. */
export const RedeemInterpreter = Type.Object({ token: Token }, strict);
export type RedeemInterpreter = Static<typeof RedeemInterpreter>;

/** The interpreter's socket credential for this conversation (`auth` frame), in memory only. */
export const InterpreterSession = Type.Object({ conversationId: Uuid, sessionToken: Token });
export type InterpreterSession = Static<typeof InterpreterSession>;

/** Participant to server: the answer to "an interpreter is ready to join". */
export const ConsentFrame = Type.Object(
  { type: Type.Literal('consent'), conversationId: Uuid, accept: Type.Boolean() },
  strict,
);
export type ConsentFrame = Static<typeof ConsentFrame>;

/** Server to participant, assigned staff and interpreter: where the interpreter stands. */
export const InterpreterFrame = Type.Object({
  type: Type.Literal('interpreter'),
  conversationId: Uuid,
  state: InterpreterState,
});
export type InterpreterFrame = Static<typeof InterpreterFrame>;
