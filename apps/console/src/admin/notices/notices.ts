import type { NoticeSet, NoticesSettings, ProgramNoticeKind, Question, SaveNotices } from '@lantern/protocol';
import { api } from '../../shared/api';

/** The admin routes of the Notices tab, and what the form works on. */

export const loadNotices = () => api<NoticesSettings>('GET', '/api/admin/notices');
export const saveNotices = (change: SaveNotices) => api<NoticesSettings>('PUT', '/api/admin/notices', change);

export const NOTICE_FIELDS: Array<{ kind: ProgramNoticeKind; label: string; hint: string; rows: number }> = [
  {
    kind: 'rights',
    label: 'Rights and choices',
    hint: 'Shown before the first message; the participant presses “I understand” before they can write. Say that the service is voluntary, that they choose what to share, who else may see it, your reporting duties, and what happens when the chat ends. One point per line.',
    rows: 8,
  },
  { kind: 'safetyQuestion', label: 'Device-safety check-in', hint: 'Asked next, answered Yes or No.', rows: 2 },
  {
    kind: 'safetyAdvice',
    label: 'When the device is not safe',
    hint: 'Shown after “No”, above your other ways to reach help (Program → Status) and a way out. The participant may still carry on here.',
    rows: 4,
  },
  { kind: 'closing', label: 'Closing words', hint: 'Shown on the page when a chat ends.', rows: 3 },
  { kind: 'smsStart', label: 'Text line: first reply', hint: 'Texted back when someone first texts in. {program} becomes the program’s name.', rows: 3 },
  { kind: 'smsEnd', label: 'Text line: end', hint: 'Texted when the conversation ends.', rows: 3 },
];

const RIGHT_TO_LEFT = ['ar', 'fa', 'he', 'ur'];
export const directionOf = (language: string) => (RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr');

/** One question as the form holds it: choices as lines of text, per language. */
export interface QuestionDraft {
  id: string;
  answer: Question['answer'];
  texts: Record<string, { question: string; why: string; choices: string }>;
}

export const newQuestionId = () => `q-${crypto.randomUUID().slice(0, 8)}`;

export const draftQuestions = (questions: Question[]): QuestionDraft[] =>
  questions.map((q) => ({
    id: q.id,
    answer: q.answer,
    texts: Object.fromEntries(Object.entries(q.texts).map(([language, t]) => [language, { question: t.question, why: t.why, choices: t.choices.join('\n') }])),
  }));

/** A language whose question is left empty shows the first language's words; a half-filled one is a mistake to name. */
export function questionsFromDrafts(drafts: QuestionDraft[], languages: string[]): { ok: true; questions: Question[] } | { ok: false; message: string } {
  const questions: Question[] = [];
  for (const [index, draft] of drafts.entries()) {
    const texts: Question['texts'] = {};
    for (const language of languages) {
      const t = draft.texts[language] ?? { question: '', why: '', choices: '' };
      const question = t.question.trim();
      const why = t.why.trim();
      const choices = draft.answer === 'choice' ? t.choices.split('\n').map((c) => c.trim()).filter(Boolean) : [];
      if (!question && !why && choices.length === 0) continue;
      if (!question || !why) return { ok: false, message: `Question ${index + 1} (${language}): give both the question and why you ask it.` };
      if (draft.answer === 'choice' && choices.length < 2) return { ok: false, message: `Question ${index + 1} (${language}): a choice list needs at least two choices, one per line.` };
      texts[language] = { question, why, choices };
    }
    if (!texts[languages[0]!]) return { ok: false, message: `Question ${index + 1}: write it in ${languages[0]}, the program’s first language, at least.` };
    questions.push({ id: draft.id, answer: draft.answer, texts });
  }
  return { ok: true, questions };
}

export type NoticeDrafts = Record<string, NoticeSet>;
