import { eciesOpen, unpad } from '../crypto';

/** Code words: sealed to the program key for returning participants, kept on purpose (reported apart from `opened`). */

export async function openCodeWord(programPrivate: CryptoKey, sealed: Uint8Array, reference: string): Promise<string | null> {
  const opened = await eciesOpen(programPrivate, sealed, [`code-word/${reference}`]);
  const word = opened && unpad(opened.plaintext);
  return word ? word.toString('utf8') : null;
}
