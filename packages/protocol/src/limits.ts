/** Plain constants shared with the browser apps; no schema library behind them, so the participant page stays small. */
/** Message bodies are padded to a bucket before encryption; the largest bucket. */
export const MAX_PADDED_BYTES = 16 * 1024;
/** Version byte + 96-bit nonce + largest padded body + GCM tag. */
export const MAX_CIPHERTEXT_BYTES = 1 + 12 + MAX_PADDED_BYTES + 16;
/** Longest message a person may type, counted in grapheme clusters (what a reader sees as characters). */
export const MAX_MESSAGE_GRAPHEMES = 4000;
export const WS_PATH = '/ws';
