export type KeywordKind = 'stop' | 'start' | 'help' | 'exit';
export const KEYWORD_KINDS: readonly KeywordKind[] = ['stop', 'start', 'help', 'exit'];
export type KeywordTable = Record<KeywordKind, string[]>;

/**
 * Carrier keywords. English is always on (US and Canadian carriers require it whatever the
 * program's languages); the others are on when the program lists the language. A program can
 * add words per language in its notices file. EXIT is ours, not a carrier's: it ends the
 * conversation with no reply at all, for a texter who must stop now (STOP's confirmation is a text
 * that someone else may see arrive).
 */
export const BUILT_IN_KEYWORDS: Record<string, KeywordTable> = {
  en: {
    stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
    start: ['START', 'UNSTOP'],
    help: ['HELP', 'INFO'],
    exit: ['EXIT'],
  },
  fr: { stop: ['ARRÊT', 'ARRET', 'ARRÊTER', 'ARRETER'], start: ['DÉBUT', 'DEBUT'], help: ['AIDE'], exit: ['SORTIR'] },
  es: { stop: ['ALTO', 'PARAR', 'BAJA'], start: ['INICIO', 'COMENZAR'], help: ['AYUDA'], exit: ['SALIR'] },
};

/** Case-, width- and space-insensitive: NFKC, no spaces, no surrounding punctuation, case folded. */
export function keywordForm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '')
    .toUpperCase()
    .toLowerCase();
}

export interface KeywordMatch {
  kind: KeywordKind;
  /** The language whose word matched: replies go out in it. */
  language: string;
}

export class Keywords {
  private readonly words = new Map<string, KeywordMatch>();

  /** `languages` in the program's order; on a word shared by two languages, the earlier wins. */
  constructor(languages: string[], extra: Record<string, Partial<KeywordTable>> = {}) {
    for (const language of [...languages, 'en']) {
      const table = BUILT_IN_KEYWORDS[language];
      for (const kind of KEYWORD_KINDS) {
        for (const word of [...(table?.[kind] ?? []), ...(extra[language]?.[kind] ?? [])]) {
          const form = keywordForm(word);
          if (form && !this.words.has(form)) this.words.set(form, { kind, language });
        }
      }
    }
  }

  /** The keyword a whole text is, if it is one. A sentence that contains "stop" is a message, not a keyword. */
  match(text: string): KeywordMatch | null {
    return this.words.get(keywordForm(text)) ?? null;
  }
}
