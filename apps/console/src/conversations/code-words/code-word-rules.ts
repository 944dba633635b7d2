import type { InterpreterState } from '@lantern/protocol';
import { normalizeReference, REFERENCE_PATTERN } from '@lantern/protocol/code-word-text';

/** The code word panel's rules, apart from the network and keys so they can be tested alone. */

const isReference = new RegExp(REFERENCE_PATTERN);

/** The reference as stored, or null when what was typed cannot be one. */
export function readReference(typed: string): string | null {
  const reference = normalizeReference(typed);
  return isReference.test(reference) ? reference : null;
}

/**
 * An interpreter holds the conversation keys: once in the chat they would read the one-time token
 * and the answer. Invited or being agreed to counts too, so no exchange straddles their arrival.
 */
export const interpreterCouldRead = (state: InterpreterState | null) => state === 'invited' || state === 'asking' || state === 'joined';
