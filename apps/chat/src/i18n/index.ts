/** The page's current language: its catalog, `t()` to format a string, and <html lang dir> to match. */
import { ar } from './ar';
import { en, type MessageKey, type Messages } from './en';
import { format, type Args } from './format';
import { fr } from './fr';

const CATALOGS: Record<string, Messages> = { en, fr, ar };
export const SUPPORTED_LANGUAGES = Object.keys(CATALOGS);
const RIGHT_TO_LEFT = ['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'sd', 'ug', 'yi'];

let language = 'en';
let messages: Messages = en;

export function t(key: MessageKey, args?: Args): string {
  return format(language, messages[key], args);
}

export function currentLanguage(): string {
  return language;
}

export function languageName(tag: string): string {
  return (CATALOGS[tag] ?? en).languageName;
}

export function setLanguage(tag: string, doc: Document = document): void {
  language = CATALOGS[tag] ? tag : 'en';
  messages = CATALOGS[language]!;
  doc.documentElement.lang = language;
  doc.documentElement.dir = RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr';
}

/**
 * The first of the browser's preferred languages that the program offers, else the program's
 * first. Read here to pick a default only; it is never sent anywhere.
 */
export function preferredLanguage(offered: string[], wanted: readonly string[] = navigator.languages ?? []): string {
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0]!;
    if (offered.includes(base)) return base;
  }
  return offered[0] ?? 'en';
}
