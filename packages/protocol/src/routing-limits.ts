/** The most conversations a program may let one advocate hold at once, and the longest shift-end window (no TypeBox: the console imports these). */
export const MAX_CONVERSATION_CAP = 100;
export const MAX_SHIFT_END_MARGIN_MINUTES = 240;
