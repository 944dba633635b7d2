/*
 * Code words without a schema library, so the participant page can share them (code-word.ts has
 * the routes; @lantern/crypto seals and compares the word itself). A returning participant's
 * reference is a short code read out or typed; the code word is sealed in the participant's
 * browser to the program key, and only a staff browser ever opens it.
 */

/** 32 symbols with none that read alike (no 0/O, no 1/I): 8 of them make 40 random bits. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const REFERENCE_LENGTH = 8;
export const REFERENCE_PATTERN = '^[2-9A-HJ-NP-Z]{8}$';

/** What a person types ("abcd-2345 ") in the stored form ("ABCD2345"); the pattern then says whether it is one. */
export const normalizeReference = (input: string) => input.toUpperCase().replace(/[\s-]+/g, '');

/** Read out in two halves: "ABCD-2345". */
export const formatReference = (reference: string) => `${reference.slice(0, 4)}-${reference.slice(4)}`;

/**
 * Kinds of the structured, end-to-end encrypted messages of the code word flow. Clients act on
 * them and never show them as chat lines.
 * - issue (staff → participant): JSON `CodeWordInvite`; the page asks for a new code word.
 * - set (participant → staff): the reference; the code word is stored.
 * - ask (staff → participant): empty; the page asks for the code word.
 * - answer (participant → staff): the code word as typed; the console compares it.
 * - declined (participant → staff): empty; the participant chose not to answer or set one.
 */
export const CODE_WORD_KIND = {
  issue: 'code-word/issue',
  set: 'code-word/set',
  ask: 'code-word/ask',
  answer: 'code-word/answer',
  declined: 'code-word/declined',
} as const;

/** What the advocate's browser hands the participant's page, end-to-end encrypted, to set a code word. */
export interface CodeWordInvite {
  reference: string;
  /** One-time secret the server checks when the sealed code word is stored. */
  setToken: string;
  /** The program key (epoch and raw public key) to seal to. */
  epoch: number;
  programKey: string;
  /** An existing reference taking a new code word: the page says the old one is replaced. */
  renewal?: boolean;
}
