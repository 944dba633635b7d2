import {
  PROGRAM_NOTICE_KINDS,
  type NoticeSet,
  type NoticesSettings,
  type ParticipantNotices,
  type ProgramNoticeKind,
  type Question,
  type SaveNotices,
} from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { Db } from '../store/db';
import { defaultNotices } from './defaults';
import { preChatLabels } from './labels';
import { acknowledgeRights, readNotices, writeNotices, type StoredNotices } from './store';

/** A change the admin can fix (a language the program does not offer, a question without text): answered 400. */
export class NoticesInputError extends Error {
  readonly statusCode = 400;
}

/**
 * The program's notices and optional questions. The program row keeps only what an admin changed
 * from the built-in texts, so a program that changes nothing follows the defaults as they improve.
 */
export class ProgramNotices {
  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly audit: AuditLog,
    private readonly programName: string,
    /** The program's languages (LANGUAGES), the first the default. */
    readonly languages: string[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get defaultLanguage(): string {
    return this.languages[0] ?? 'en';
  }

  async settings(): Promise<NoticesSettings> {
    const stored = await readNotices(this.db);
    const notices: Record<string, NoticeSet> = {};
    const defaults: Record<string, NoticeSet> = {};
    const labels: NoticesSettings['labels'] = {};
    for (const language of this.languages) {
      defaults[language] = defaultNotices(language);
      notices[language] = effective(stored, language);
      labels[language] = preChatLabels(language);
    }
    return { languages: this.languages, notices, defaults, questions: stored.questions, programName: this.programName, labels };
  }

  async save(change: SaveNotices, actorId: string): Promise<NoticesSettings> {
    const unknown = Object.keys(change.notices).filter((language) => !this.languages.includes(language));
    if (unknown.length > 0) throw new NoticesInputError(`This program does not offer ${unknown.join(', ')} (LANGUAGES is ${this.languages.join(',')}).`);
    this.checkQuestions(change.questions);

    const before = await readNotices(this.db);
    const changedFromDefault: StoredNotices['notices'] = {};
    const changed: Array<{ language: string; notice: ProgramNoticeKind }> = [];
    for (const language of this.languages) {
      const builtIn = defaultNotices(language);
      const previous = effective(before, language);
      const own: Partial<NoticeSet> = {};
      for (const kind of PROGRAM_NOTICE_KINDS) {
        // A language left out of the change keeps what it had.
        const text = change.notices[language]?.[kind].trim() ?? previous[kind];
        if (text !== builtIn[kind]) own[kind] = text;
        if (text !== previous[kind]) changed.push({ language, notice: kind });
      }
      if (Object.keys(own).length > 0) changedFromDefault[language] = own;
    }
    // PostgreSQL's jsonb hands keys back in its own order: compare in one order.
    const questionsChanged = canonical(before.questions) !== canonical(change.questions);
    if (changed.length === 0 && !questionsChanged) return this.settings();

    await writeNotices(this.db, { notices: changedFromDefault, questions: change.questions });
    // Which notice in which language, and how many questions: never the words themselves.
    await this.audit.record('notices.changed', actorId, {
      notices: changed,
      ...(questionsChanged ? { questions: change.questions.length } : {}),
    });
    return this.settings();
  }

  /** What the participant page shows, in `language` if the program offers it, else in its first language. */
  async forParticipant(language: string): Promise<ParticipantNotices> {
    const chosen = this.languages.includes(language) ? language : this.defaultLanguage;
    const stored = await readNotices(this.db);
    const notices = effective(stored, chosen);
    const fill = (text: string) => text.replaceAll('{program}', this.programName);
    return {
      language: chosen,
      labels: preChatLabels(chosen),
      rights: fill(notices.rights),
      safetyQuestion: fill(notices.safetyQuestion),
      safetyAdvice: fill(notices.safetyAdvice),
      closing: fill(notices.closing),
      questions: stored.questions.map((question) => {
        const text = question.texts[chosen] ?? question.texts[this.defaultLanguage]!;
        return { id: question.id, answer: question.answer, question: text.question, why: text.why, choices: question.answer === 'choice' ? text.choices : [] };
      }),
    };
  }

  /**
   * An SMS start or end notice an admin wrote for this language, with the program's name; null
   * when they left it as built in, and the SMS module's own texts (SMS_NOTICES) apply.
   */
  async smsText(kind: 'start' | 'end', language: string): Promise<string | null> {
    const own = (await readNotices(this.db)).notices[language]?.[kind === 'start' ? 'smsStart' : 'smsEnd'];
    return own ? own.replaceAll('{program}', this.programName) : null;
  }

  /** "I understand": the participant may now write. Idempotent; the consoles' queues show it. */
  async acknowledge(conversationId: string): Promise<void> {
    if (await acknowledgeRights(this.db, conversationId, this.clock())) await this.bus.publish({ kind: 'queue' });
  }

  private checkQuestions(questions: Question[]): void {
    const ids = new Set<string>();
    for (const [index, question] of questions.entries()) {
      const name = `Question ${index + 1}`;
      if (ids.has(question.id)) throw new NoticesInputError(`${name}: another question has the id ${question.id}.`);
      ids.add(question.id);
      if (!question.texts[this.defaultLanguage]) throw new NoticesInputError(`${name}: it needs a text in ${this.defaultLanguage}, the program's first language.`);
      for (const [language, text] of Object.entries(question.texts)) {
        if (!this.languages.includes(language)) throw new NoticesInputError(`${name}: this program does not offer ${language}.`);
        if (question.answer === 'choice' && text.choices.length < 2) throw new NoticesInputError(`${name} (${language}): a choice list needs at least two choices.`);
      }
    }
  }
}

function effective(stored: StoredNotices, language: string): NoticeSet {
  return { ...defaultNotices(language), ...stored.notices[language] };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
