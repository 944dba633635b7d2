import { Type, type Static } from '@sinclair/typebox';
import { MAX_CONVERSATION_CAP, MAX_SHIFT_END_MARGIN_MINUTES } from './routing-limits';

export { MAX_CONVERSATION_CAP, MAX_SHIFT_END_MARGIN_MINUTES };

const strict = { additionalProperties: false } as const;

/** An instant in UTC as `Date.toISOString()` writes it (the browser turns the advocate's local "HH:MM" into one). */
const Instant = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$', maxLength: 24 });

/** `PUT /api/staff/availability`: this member is there to take conversations, or away. */
export const SetAvailability = Type.Object({ available: Type.Boolean() }, strict);
export type SetAvailability = Static<typeof SetAvailability>;

/** `PUT /api/staff/shift`: when this member's shift ends (within the next 24 hours), or null for no end set. */
export const SetShiftEnd = Type.Object({ shiftEndsAt: Type.Union([Instant, Type.Null()]) }, strict);
export type SetShiftEnd = Static<typeof SetShiftEnd>;

/** The program's routing rules: `GET` for every member (the header), `PUT /api/admin/routing` for admins. */
export const RoutingSettings = Type.Object(
  {
    /** Conversations one advocate may hold at once; routing and an advocate's own claims both stop there. */
    conversationCap: Type.Integer({ minimum: 1, maximum: MAX_CONVERSATION_CAP }),
    /** No new conversation is routed to an advocate this many minutes before their shift ends. */
    shiftEndMarginMinutes: Type.Integer({ minimum: 0, maximum: MAX_SHIFT_END_MARGIN_MINUTES }),
    /** Waiting participants are told their place in line and the usual wait lately; off unless an admin turns it on. */
    queuePlace: Type.Boolean(),
  },
  strict,
);
export type RoutingSettings = Static<typeof RoutingSettings>;

/** `GET /api/staff/routing`: this member's place in routing, for the console header. */
export const RoutingSelf = Type.Object({
  available: Type.Boolean(),
  shiftEndsAt: Type.Union([Type.String(), Type.Null()]),
  /** Conversations this member holds now. */
  active: Type.Integer({ minimum: 0 }),
  /** Whether routing hands this member conversations (advocates); supervisors and admins claim. */
  routed: Type.Boolean(),
  settings: RoutingSettings,
});
export type RoutingSelf = Static<typeof RoutingSelf>;
