/*
 * Both guides ask advocates to avoid internet slang, acronyms and emoji (not everyone reads them
 * the same way) unless the participant used them first (NNEDV: "take the lead from survivors").
 * Pure functions: the composer shows what they find as a gentle hint and never blocks sending.
 */

/** Chat shorthand in the languages the program works in (English, French). Matched as whole words, any case. */
export const SLANG = new Set([
  'lol', 'lmao', 'lmfao', 'rofl', 'brb', 'bbl', 'idk', 'idc', 'omg', 'omfg', 'ttyl', 'btw', 'imo', 'imho', 'tbh', 'smh',
  'jk', 'np', 'thx', 'ty', 'pls', 'plz', 'ikr', 'fyi', 'afaik', 'asap', 'nvm', 'wtf', 'ffs', 'gtg', 'g2g', 'hmu', 'irl',
  'tho', 'cuz', 'rn', 'ngl', 'ily', 'xoxo', 'yolo', 'bff', 'ppl', 'b4', 'gr8', 'l8r', 'wyd', 'hbu', 'wbu', 'tmi',
  'mdr', 'ptdr', 'jsp', 'tkt', 'bcp', 'dsl', 'slt', 'stp', 'jpp', 'osef', 'pk', 'pq',
]);

export interface ComposerHints {
  /** Shorthand in the draft that the participant has not written, in the order it appears. */
  slang: string[];
  /** Emoji in the draft that the participant has not used. */
  emoji: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
/** One pictograph: skin tones and presentation selectors left aside, so 👍🏽 counts as 👍. */
const PICTOGRAPH = /\p{Extended_Pictographic}/gu;

const words = (text: string) => (text.normalize('NFKC').toLowerCase().match(WORD) ?? []).filter((w) => SLANG.has(w));
const pictographs = (text: string) => text.match(PICTOGRAPH) ?? [];
const unique = (items: string[]) => [...new Set(items)];

/** What in `draft` deserves a second look, given everything the participant has written so far. */
export function composerHints(draft: string, participantTexts: readonly string[]): ComposerHints {
  const theirs = participantTexts.join('\n');
  const theirWords = new Set(words(theirs));
  const theirEmoji = new Set(pictographs(theirs));
  return {
    slang: unique(words(draft)).filter((w) => !theirWords.has(w)),
    emoji: unique(pictographs(draft)).filter((e) => !theirEmoji.has(e)),
  };
}

export const hasHints = (hints: ComposerHints) => hints.slang.length > 0 || hints.emoji.length > 0;
