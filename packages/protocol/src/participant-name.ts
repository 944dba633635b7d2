/*
 * The name participants see of a staff member (and that an interpreter gives): plain rules, free of
 * schemas, so the participant page and the console check names as the server's schema does.
 */

/** Longest name, in UTF-16 code units as the schema counts them (an emoji takes two or more). */
export const MAX_PARTICIPANT_NAME = 64;

/**
 * Characters a name may not hold: C0 and C1 controls, line and paragraph separators, and the bidi
 * embeddings, overrides and isolates, which could turn "Sam has joined" around on the page.
 * Joiners (U+200C, U+200D) stay: Persian names and emoji sequences need them.
 */
export const NAME_FORBIDDEN_SOURCE = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

/** The schema's pattern: at least one character that is not a space, and none of the forbidden ones. */
export const PARTICIPANT_NAME_PATTERN = `^(?=[\\s\\S]*\\S)[^${NAME_FORBIDDEN_SOURCE}]+$`;

const valid = new RegExp(PARTICIPANT_NAME_PATTERN);

/** Whether a name (already trimmed) is one the server accepts. */
export const isParticipantName = (name: string) => name.length <= MAX_PARTICIPANT_NAME && valid.test(name);

const forbidden = new RegExp(`[${NAME_FORBIDDEN_SOURCE}]`, 'g');

/**
 * The default: the first word of the display name ("Avery Quinn" → "Avery"; a name written without
 * spaces, as Chinese names are, is itself), without characters a name may not hold; "Staff" if
 * nothing is left.
 */
export function firstWord(displayName: string): string {
  const word = displayName.replace(forbidden, '').trim().split(/\s+/u)[0] ?? '';
  return word || 'Staff';
}
