/*
 * What a participant tells the advocate before the chat, without a schema library so the
 * participant page can share it: one structured message of this kind, end-to-end encrypted like
 * any other, whose text is the JSON below. The server sees only ciphertext; none of it reaches
 * statistics.
 */

export const PRE_CHAT_KIND = 'pre-chat';

/** What the page showed after "not safe": the program's other ways, or its words that there is none (or neither). */
export interface ShownReach {
  alternatives: Array<{ label: string; value: string }>;
  noOtherWay: string | null;
}

export interface PreChatAnswers {
  /** The device-safety check-in: false when they said it is not safe here; null when not asked. */
  safe: boolean | null;
  /** The optional questions they answered (skipped ones are left out), in their own words. */
  answers: Array<{ question: string; answer: string }>;
  /** With `safe: false`: what the page showed them, so the advocate is told what they saw, not what might be set. */
  shown?: ShownReach;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 2000;

function readShown(value: unknown): ShownReach | null {
  const { alternatives, noOtherWay } = (value ?? {}) as Record<string, unknown>;
  if (!Array.isArray(alternatives) || alternatives.length > 10 || !(noOtherWay === null || isText(noOtherWay))) return null;
  const list: ShownReach['alternatives'] = [];
  for (const entry of alternatives) {
    const { label, value: text } = (entry ?? {}) as Record<string, unknown>;
    if (!isText(label) || !isText(text)) return null;
    list.push({ label, value: text });
  }
  return { alternatives: list, noOtherWay };
}

/** The answers in a decrypted message, or null when its text is not that shape (a page of another version, or tampered). */
export function readPreChatAnswers(text: string): PreChatAnswers | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { safe, answers, shown } = value as Record<string, unknown>;
  if (safe !== true && safe !== false && safe !== null) return null;
  if (!Array.isArray(answers) || answers.length > 50) return null;
  const list: PreChatAnswers['answers'] = [];
  for (const entry of answers) {
    const { question, answer } = (entry ?? {}) as Record<string, unknown>;
    if (!isText(question) || !isText(answer)) return null;
    list.push({ question, answer });
  }
  if (shown === undefined) return { safe, answers: list };
  const reach = readShown(shown);
  return reach ? { safe, answers: list, shown: reach } : null;
}
