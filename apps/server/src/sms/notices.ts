import { readFileSync } from 'node:fs';
import { KEYWORD_KINDS, type KeywordTable } from './keywords';

export type NoticeKind = 'start' | 'end' | 'afterHours' | 'stopped' | 'restarted' | 'help';
export const NOTICE_KINDS: readonly NoticeKind[] = ['start', 'end', 'afterHours', 'stopped', 'restarted', 'help'];

/**
 * English defaults, after NNEDV's guidance for texting with survivors: say who this is, that texts
 * stay on the phone and in its cloud backups, how to stop; at the end, delete the thread and do not
 * save the number under the program's name. `{program}` is the program's name.
 */
const ENGLISH: Record<NoticeKind, string> = {
  start:
    '{program}: you have reached our text line. Someone will answer soon. Anyone with this phone, or with its cloud backup (iCloud, Google), can read these texts. Text STOP at any time to stop.',
  end: '{program}: this conversation has ended. For your safety, delete this thread, and do not save this number under our name. You can text us again at any time.',
  afterHours:
    '{program}: we are closed right now. Your text is waiting and someone will answer when we open. In an emergency, call your local emergency number.',
  stopped: '{program}: you will get no more texts from us. Delete this thread if it is not safe to keep. Text START to reach us again.',
  restarted: '{program}: you can text us again. Text STOP at any time to stop.',
  help: '{program} text line. Msg & data rates may apply. Anyone with this phone can read these texts. Text STOP to stop.',
};

/** The notices file (SMS_NOTICES_FILE) or variable (SMS_NOTICES): per language, any notice, and extra keywords. */
export type NoticeOverrides = Record<string, Partial<Record<NoticeKind, string>> & { keywords?: Partial<KeywordTable> }>;

export class Notices {
  constructor(
    private readonly programName: string,
    /** The program's languages; the first is the default. */
    private readonly languages: string[],
    private readonly overrides: NoticeOverrides,
  ) {}

  get defaultLanguage(): string {
    return this.languages[0] ?? 'en';
  }

  /** The notice in `language` (English has its defaults), else in the default language, else in English. */
  text(kind: NoticeKind, language: string): string {
    const own = this.overrides[language]?.[kind] ?? (language === 'en' ? ENGLISH[kind] : undefined);
    const text = own ?? this.overrides[this.defaultLanguage]?.[kind] ?? ENGLISH[kind];
    return text.replaceAll('{program}', this.programName);
  }
}

/** Reads the overrides, refusing anything but strings where notices and keywords go, so a typo fails at start. */
export function loadNoticeOverrides(json: string | null, file: string | null): NoticeOverrides {
  const text = json ?? (file ? readFileSync(file, 'utf8') : null);
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  const where = json ? 'SMS_NOTICES' : `SMS_NOTICES_FILE (${file})`;
  if (!isRecord(parsed)) throw new Error(`${where} must be a JSON object of languages`);
  for (const [language, entry] of Object.entries(parsed)) {
    if (!isRecord(entry)) throw new Error(`${where}: "${language}" must be an object`);
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'keywords') {
        if (!isRecord(value) || !Object.entries(value).every(([k, words]) => (KEYWORD_KINDS as readonly string[]).includes(k) && isStrings(words))) {
          throw new Error(`${where}: "${language}".keywords takes stop, start and help lists of words`);
        }
      } else if (!NOTICE_KINDS.includes(key as NoticeKind) || typeof value !== 'string' || value.trim() === '') {
        throw new Error(`${where}: "${language}".${key} is not a notice (${NOTICE_KINDS.join(', ')}) with a text`);
      }
    }
  }
  return parsed as NoticeOverrides;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
