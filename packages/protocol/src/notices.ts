import { Type, type Static } from '@sinclair/typebox';
import { LanguageTag, Token } from './primitives';

const strict = { additionalProperties: false } as const;

/** What the program says before, during and after a conversation, per language. `{program}` becomes the program's name. */
export const PROGRAM_NOTICE_KINDS = ['rights', 'safetyQuestion', 'safetyAdvice', 'closing', 'smsStart', 'smsEnd'] as const;
export type ProgramNoticeKind = (typeof PROGRAM_NOTICE_KINDS)[number];

/** Twilio caps one text at 1,600 characters; the web notices are kept as short. */
const NoticeText = Type.String({ minLength: 1, maxLength: 1600, pattern: '\\S' });

export const NoticeSet = Type.Object(
  {
    /** Rights and choices: voluntary, what to share, who else may see, mandatory reporting, what happens at the end. */
    rights: NoticeText,
    /** The device-safety check-in, answered yes or no. */
    safetyQuestion: NoticeText,
    /** Shown when the answer is no: safer ways to reach the program (the alternatives list follows it). */
    safetyAdvice: NoticeText,
    /** Shown on the page when a chat has ended. */
    closing: NoticeText,
    smsStart: NoticeText,
    smsEnd: NoticeText,
  },
  strict,
);
export type NoticeSet = Static<typeof NoticeSet>;

export const QuestionText = Type.Object(
  {
    question: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    /** Why the program asks: shown with the question, next to a visible Skip. */
    why: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
    /** The choices of a `choice` question; empty for `text`. */
    choices: Type.Array(Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }), { maxItems: 12 }),
  },
  strict,
);
export type QuestionText = Static<typeof QuestionText>;

export const QuestionAnswerType = Type.Union([Type.Literal('text'), Type.Literal('choice')]);

/** An optional question asked before the chat; its answer travels end-to-end encrypted, never to statistics. */
export const Question = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]{1,36}$' }),
    answer: QuestionAnswerType,
    /** By language; a language without its own text shows the program's first language. */
    texts: Type.Record(LanguageTag, QuestionText, { maxProperties: 20 }),
  },
  strict,
);
export type Question = Static<typeof Question>;

export const MAX_QUESTIONS = 10;

/**
 * The participant page's own words around the notices, sent with them so the page's first screen
 * does not carry them. `question` holds `{n}` and `{total}`.
 */
export const PreChatLabels = Type.Object({
  heading: Type.String(),
  understand: Type.String(),
  yes: Type.String(),
  no: Type.String(),
  saferHeading: Type.String(),
  continueHere: Type.String(),
  question: Type.String(),
  why: Type.String(),
  next: Type.String(),
  skip: Type.String(),
});
export type PreChatLabels = Static<typeof PreChatLabels>;

/** `GET /api/admin/notices`: what the Notices tab starts from. */
export const NoticesSettings = Type.Object({
  /** The program's languages (LANGUAGES), the first the default. */
  languages: Type.Array(LanguageTag),
  notices: Type.Record(LanguageTag, NoticeSet),
  /** The built-in texts, for "Back to the default text". */
  defaults: Type.Record(LanguageTag, NoticeSet),
  questions: Type.Array(Question),
  programName: Type.String(),
  /** The participant page's words around the notices, for the preview. */
  labels: Type.Record(LanguageTag, PreChatLabels),
});
export type NoticesSettings = Static<typeof NoticesSettings>;

/** `PUT /api/admin/notices`: every language's notices and the whole list of questions. */
export const SaveNotices = Type.Object(
  {
    notices: Type.Record(LanguageTag, NoticeSet, { maxProperties: 20 }),
    questions: Type.Array(Question, { maxItems: MAX_QUESTIONS }),
  },
  strict,
);
export type SaveNotices = Static<typeof SaveNotices>;

/** `GET /api/notices/:language`: what the participant page shows before and after a chat, in one language. */
export const ParticipantNotices = Type.Object({
  language: LanguageTag,
  labels: PreChatLabels,
  rights: Type.String(),
  safetyQuestion: Type.String(),
  safetyAdvice: Type.String(),
  closing: Type.String(),
  questions: Type.Array(
    Type.Object({ id: Type.String(), answer: QuestionAnswerType, question: Type.String(), why: Type.String(), choices: Type.Array(Type.String()) }),
  ),
});
export type ParticipantNotices = Static<typeof ParticipantNotices>;

export const NoticesLanguageParams = Type.Object({ language: LanguageTag }, strict);

/** `POST /api/conversations/acknowledge`: the participant pressed "I understand" under the rights notice. */
export const AcknowledgeRights = Type.Object({ token: Token }, strict);
export type AcknowledgeRights = Static<typeof AcknowledgeRights>;

/** `GET /about-this-chat?lang=`: the page's language, one the program offers. */
export const AboutQuery = Type.Object({ lang: Type.Optional(LanguageTag) }, strict);
