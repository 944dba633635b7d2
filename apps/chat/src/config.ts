import { SUPPORTED_LANGUAGES } from './i18n';
import { webUrl } from './web-url';

/** Program settings the server injects into the page as a JSON data block (never executed). */
export interface Alternative {
  label: string;
  value: string;
}

/** Other ways to reach the program, or its own words that there is none (shown only while the list is empty). */
export interface Reach {
  alternatives: Alternative[];
  noOtherWay: string | null;
}

export interface ProgramConfig extends Reach {
  title: string;
  /** Where quick exit lands; reached through the server's /bye, which clears this site's data first. */
  exitUrl: string;
  /** The languages the participant may pick from, in the program's order. */
  languages: string[];
  /** Whether a reload may resume the chat (see resume.ts); off unless the program turns it on. */
  resume: boolean;
}

export const DEFAULT_CONFIG: ProgramConfig = {
  title: 'Chat',
  exitUrl: 'https://www.google.com/search?q=weather',
  alternatives: [],
  noOtherWay: null,
  languages: SUPPORTED_LANGUAGES,
  resume: false,
};

const text = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Well-formed alternatives only (from the injected config or the server's status), label and value each. */
export function readAlternatives(value: unknown): Alternative[] {
  return Array.isArray(value)
    ? value
        .filter((a: unknown): a is Alternative => !!a && typeof a === 'object' && text((a as Alternative).label) && text((a as Alternative).value))
        .map((a) => ({ label: a.label, value: a.value }))
    : [];
}

/** Reads the injected config; any missing or malformed field falls back to its default. */
export function readConfig(doc: Document = document): ProgramConfig {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(doc.getElementById('lantern-config')?.textContent ?? '');
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // Absent (vite preview) or broken: the defaults keep the page usable.
  }
  // Only languages this page has a catalog for.
  const languages = Array.isArray(raw.languages)
    ? raw.languages.filter((l: unknown, i, all): l is string => typeof l === 'string' && SUPPORTED_LANGUAGES.includes(l) && all.indexOf(l) === i)
    : [];
  return {
    title: text(raw.title) ? raw.title : DEFAULT_CONFIG.title,
    exitUrl: webUrl(raw.exitUrl) ?? DEFAULT_CONFIG.exitUrl,
    alternatives: readAlternatives(raw.alternatives),
    // The program's words that there is no other way live with its status: /api/status brings them.
    noOtherWay: null,
    languages: languages.length > 0 ? languages : DEFAULT_CONFIG.languages,
    resume: raw.resume === true,
  };
}
