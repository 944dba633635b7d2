import { useState } from 'preact/hooks';
import type { NoticesSettings, ProgramNoticeKind } from '@lantern/protocol';
import { languageLabel } from '../../shared/format';
import {
  NOTICE_FIELDS,
  directionOf,
  draftQuestions,
  loadNotices,
  newQuestionId,
  questionsFromDrafts,
  saveNotices,
  type NoticeDrafts,
  type QuestionDraft,
} from './notices';
import { describeError, ScreenHeading } from '../../shared/common';
import { LoadState, useLoaded } from '../../shared/Loaded';

/** Admins: what participants read before, during and after a chat, per language, and the optional questions. */
export function Notices() {
  const { value: settings, setValue: setSettings, failure, reload } = useLoaded(loadNotices);

  return (
    <div class="notices">
      <ScreenHeading>Notices</ScreenHeading>
      <LoadState loaded={settings !== null} failure={failure} reload={reload} />
      {settings && <NoticesForm settings={settings} onSaved={setSettings} />}
    </div>
  );
}

function NoticesForm({ settings, onSaved }: { settings: NoticesSettings; onSaved(settings: NoticesSettings): void }) {
  const [language, setLanguage] = useState(settings.languages[0]!);
  const [notices, setNotices] = useState<NoticeDrafts>(settings.notices);
  const [questions, setQuestions] = useState<QuestionDraft[]>(() => draftQuestions(settings.questions));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const edit = (kind: ProgramNoticeKind, text: string) => {
    setNotices((all) => ({ ...all, [language]: { ...all[language]!, [kind]: text } }));
    setDone(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const empty = settings.languages.flatMap((l) => NOTICE_FIELDS.filter((f) => !notices[l]![f.kind].trim()).map((f) => `${f.label} (${languageLabel(l)})`));
    if (empty.length > 0) return setFailure(`Every notice needs words: ${empty.join(', ')}. Use “Back to the default text” to start again.`);
    const checked = questionsFromDrafts(questions, settings.languages);
    if (!checked.ok) return setFailure(checked.message);
    setBusy(true);
    setFailure(null);
    try {
      const saved = await saveNotices({ notices, questions: checked.questions });
      onSaved(saved);
      setNotices(saved.notices);
      setDone('Saved. Chats that start from now on show these words.');
    } catch (error) {
      setFailure(describeError(error));
    }
    setBusy(false);
  };

  const current = notices[language]!;
  return (
    <form onSubmit={submit} class="notices-form">
      <div class="field">
        <label for="notices-language">Language</label>
        <select id="notices-language" value={language} onChange={(e) => setLanguage(e.currentTarget.value)}>
          {settings.languages.map((l) => (
            <option key={l} value={l}>
              {languageLabel(l)}
            </option>
          ))}
        </select>
        <p class="hint">Each language the participant page offers (LANGUAGES) has its own words.</p>
      </div>
      <div class="notices-columns">
        <section aria-labelledby="notices-texts-heading" class="card">
          <h2 id="notices-texts-heading">Notices in {languageLabel(language)}</h2>
          {NOTICE_FIELDS.map((field) => {
            const id = `notice-${field.kind}`;
            const builtIn = settings.defaults[language]![field.kind];
            return (
              <div class="field" key={field.kind}>
                <label for={id}>{field.label}</label>
                <textarea
                  id={id}
                  rows={field.rows}
                  dir="auto"
                  lang={language}
                  maxLength={1600}
                  value={current[field.kind]}
                  disabled={busy}
                  aria-describedby={`${id}-hint`}
                  onInput={(e) => edit(field.kind, e.currentTarget.value)}
                />
                <p id={`${id}-hint`} class="hint">
                  {field.hint}
                </p>
                {current[field.kind] !== builtIn && (
                  <button type="button" disabled={busy} onClick={() => edit(field.kind, builtIn)}>
                    Back to the default text<span class="visually-hidden">: {field.label}</span>
                  </button>
                )}
              </div>
            );
          })}
        </section>
        <Preview language={language} settings={settings} notices={notices} />
      </div>
      <QuestionsEditor languages={settings.languages} questions={questions} onChange={setQuestions} disabled={busy} />
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        Save notices and questions
      </button>
      <p role="status" class="notice">
        {done}
      </p>
    </form>
  );
}

/** What a participant's page shows with these words: their direction and language, as there. */
function Preview({ language, settings, notices }: { language: string; settings: NoticesSettings; notices: NoticeDrafts }) {
  const words = settings.labels[language]!;
  const fill = (text: string) => text.replaceAll('{program}', settings.programName);
  const set = notices[language]!;
  return (
    <section aria-labelledby="notices-preview-heading" class="card">
      <h2 id="notices-preview-heading">Preview</h2>
      <p class="hint">As the participant page shows it, before their first message.</p>
      <div class="participant-preview" lang={language} dir={directionOf(language)}>
        <p class="preview-heading">{words.heading}</p>
        <p class="preview-notice" dir="auto" data-notice="rights">
          {fill(set.rights)}
        </p>
        <p class="preview-button">{words.understand}</p>
        <p class="preview-heading" dir="auto" data-notice="safetyQuestion">
          {fill(set.safetyQuestion)}
        </p>
        <p>
          <span class="preview-button">{words.yes}</span> <span class="preview-button secondary">{words.no}</span>
        </p>
        <p class="preview-notice" dir="auto" data-notice="safetyAdvice">
          {fill(set.safetyAdvice)}
        </p>
        <p class="preview-notice" dir="auto" data-notice="closing">
          {fill(set.closing)}
        </p>
      </div>
    </section>
  );
}

function QuestionsEditor({ languages, questions, onChange, disabled }: { languages: string[]; questions: QuestionDraft[]; onChange(q: QuestionDraft[]): void; disabled: boolean }) {
  const edit = (id: string, patch: Partial<QuestionDraft>) => onChange(questions.map((q) => (q.id === id ? { ...q, ...patch } : q)));
  const editText = (q: QuestionDraft, language: string, patch: Partial<QuestionDraft['texts'][string]>) =>
    edit(q.id, { texts: { ...q.texts, [language]: { question: '', why: '', choices: '', ...q.texts[language], ...patch } } });
  const add = () => {
    const id = newQuestionId();
    onChange([...questions, { id, answer: 'text', texts: {} }]);
    requestAnimationFrame(() => document.getElementById(`${id}-${languages[0]}-question`)?.focus());
  };
  const remove = (id: string) => {
    onChange(questions.filter((q) => q.id !== id));
    requestAnimationFrame(() => document.getElementById('add-question')?.focus());
  };

  return (
    <section aria-labelledby="questions-heading" class="card">
      <h2 id="questions-heading">Optional questions</h2>
      <p class="hint">
        Asked after the safety check-in, one at a time, each with why you ask it and a Skip button. Answers go to the advocate
        end-to-end encrypted, like messages: the server cannot read them and they never reach the statistics. Ask only what
        you would ask on a hotline call; none is the default.
      </p>
      {questions.length === 0 && <p class="muted">No questions: the chat starts right after the safety check-in.</p>}
      <ol class="rows">
        {questions.map((q, index) => (
          <li key={q.id}>
            <fieldset class="question">
              <legend>Question {index + 1}</legend>
              <div class="field">
                <label for={`${q.id}-answer`}>Answer</label>
                <select id={`${q.id}-answer`} value={q.answer} disabled={disabled} onChange={(e) => edit(q.id, { answer: e.currentTarget.value as QuestionDraft['answer'] })}>
                  <option value="text">Short text</option>
                  <option value="choice">Choice list</option>
                </select>
              </div>
              {languages.map((language) => {
                const t = q.texts[language] ?? { question: '', why: '', choices: '' };
                const id = `${q.id}-${language}`;
                return (
                  <fieldset key={language} class="row">
                    <legend>{languageLabel(language)}</legend>
                    <div class="field">
                      <label for={`${id}-question`}>Question</label>
                      <input id={`${id}-question`} dir="auto" maxLength={300} value={t.question} disabled={disabled} onInput={(e) => editText(q, language, { question: e.currentTarget.value })} />
                    </div>
                    <div class="field">
                      <label for={`${id}-why`}>Why you ask it</label>
                      <input id={`${id}-why`} dir="auto" maxLength={500} value={t.why} disabled={disabled} onInput={(e) => editText(q, language, { why: e.currentTarget.value })} />
                    </div>
                    {q.answer === 'choice' && (
                      <div class="field">
                        <label for={`${id}-choices`}>Choices, one per line</label>
                        <textarea id={`${id}-choices`} dir="auto" rows={3} value={t.choices} disabled={disabled} onInput={(e) => editText(q, language, { choices: e.currentTarget.value })} />
                      </div>
                    )}
                  </fieldset>
                );
              })}
              <p class="hint">Left empty in a language, the question shows in {languageLabel(languages[0]!)}.</p>
              <button type="button" disabled={disabled} onClick={() => remove(q.id)} aria-label={`Remove question ${index + 1}`}>
                Remove
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" id="add-question" disabled={disabled || questions.length >= 10} onClick={add}>
        Add a question
      </button>
    </section>
  );
}
