/** The most conversations a program may let one advocate hold at once, and the longest shift-end window (no TypeBox: the console imports these). */
export const MAX_CONVERSATION_CAP = 100;
export const MAX_SHIFT_END_MARGIN_MINUTES = 240;
/** A waiting participant is told their place up to this one; any place after it is said as "after the 5th", never how far. */
export const QUEUE_PLACES_SHOWN = 5;
