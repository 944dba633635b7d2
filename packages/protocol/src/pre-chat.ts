/*
 * What a participant tells the advocate before the chat, without a schema library so the
 * participant page can share it: one structured message of this kind, end-to-end encrypted like
 * any other, whose text is the JSON below. The server sees only ciphertext; none of it reaches
 * statistics.
 */

export const PRE_CHAT_KIND = 'pre-chat';

export interface PreChatAnswers {
  /** The device-safety check-in: false when they said it is not safe here; null when not asked. */
  safe: boolean | null;
  /** The optional questions they answered (skipped ones are left out), in their own words. */
  answers: Array<{ question: string; answer: string }>;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 2000;

/** The answers in a decrypted message, or null when its text is not that shape (a page of another version, or tampered). */
export function readPreChatAnswers(text: string): PreChatAnswers | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { safe, answers } = value as Record<string, unknown>;
  if (safe !== true && safe !== false && safe !== null) return null;
  if (!Array.isArray(answers) || answers.length > 50) return null;
  const list: PreChatAnswers['answers'] = [];
  for (const entry of answers) {
    const { question, answer } = (entry ?? {}) as Record<string, unknown>;
    if (!isText(question) || !isText(answer)) return null;
    list.push({ question, answer });
  }
  return { safe, answers: list };
}
