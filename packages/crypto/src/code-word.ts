import { CryptoFormatError, utf8 } from './encoding';
import { open, seal } from './seal';

/*
 * A returning participant's code word: sealed in their browser to the program public key
 * (ECIES, as grants and SMS texts are), opened and compared only in a staff browser. The
 * console compares padded bytes and never turns the stored word back into text.
 */

/** The longest code word in UTF-8 bytes after normalization: the padded size less the end marker. */
export const CODE_WORD_MAX_BYTES = 255;
const PADDED_BYTES = 256;

/**
 * Two spellings a person would call the same word compare equal: compatibility forms (NFKC:
 * full-width letters, ligatures), outer and repeated spaces, case (upper then lower folds ß and ss).
 */
export const normalizeCodeWord = (word: string) => word.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase().toLowerCase();

/** Bound into the sealed blob, so a code word sealed for one reference does not open as another's. */
export const codeWordContext = (reference: string) => `code-word/${reference}`;

export class CodeWordLengthError extends Error {
  override name = 'CodeWordLengthError';
}

/** The normalized word in a fixed size (0x80 then zeros), so the sealed length says nothing of the word's. */
function padCodeWord(word: string): Uint8Array<ArrayBuffer> {
  const bytes = utf8(normalizeCodeWord(word));
  if (bytes.length === 0 || bytes.length > CODE_WORD_MAX_BYTES) throw new CodeWordLengthError('a code word is 1 to 255 bytes');
  const out = new Uint8Array(PADDED_BYTES);
  out.set(bytes);
  out[bytes.length] = 0x80;
  return out;
}

/** The participant's browser: throws CodeWordLengthError for an empty or too long word. */
export async function sealCodeWord(programPublic: CryptoKey, reference: string, word: string): Promise<string> {
  return seal(programPublic, padCodeWord(word), codeWordContext(reference));
}

/**
 * A staff browser: whether `answer` is the sealed code word, compared over the whole padded size
 * whatever differs, so the time taken says nothing of where they part.
 */
export async function codeWordMatches(programPrivate: CryptoKey, reference: string, sealed: string, answer: string): Promise<boolean> {
  const stored = await open(programPrivate, sealed, codeWordContext(reference));
  if (stored.length !== PADDED_BYTES) throw new CryptoFormatError('sealed code word has the wrong size');
  let candidate: Uint8Array;
  try {
    candidate = padCodeWord(answer);
  } catch {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < PADDED_BYTES; i++) difference |= stored[i]! ^ candidate[i]!;
  return difference === 0;
}
