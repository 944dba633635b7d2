import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedMessage } from '@lantern/protocol';
import { cannedMessages, loadCanned } from '../../shared/canned';
import { removeCanned, saveCanned } from './canned-library';
import { languageLabel } from '../../shared/format';
import { describeError, ScreenHeading } from '../../shared/common';

const STARTING_LANGUAGES = ['en', 'fr', 'ar'];
const blank = { title: '', text: '', language: 'en' };

/**
 * Admins: the program's canned messages, which advocates insert with / or Ctrl+K and edit before
 * sending. Program text, not participant content: the server stores it as it is.
 */
export function CannedLibrary() {
  const [draft, setDraft] = useState(blank);
  const [editing, setEditing] = useState<CannedMessage | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLInputElement>(null);

  useEffect(() => {
    loadCanned().catch((error) => setProblem(describeError(error)));
  }, []);

  const messages = cannedMessages.value;
  const languages = [...new Set([...STARTING_LANGUAGES, ...messages.map((m) => m.language)])];

  const act = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setProblem(null);
    setStatus(null);
    try {
      await work();
      setStatus(done);
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const startEdit = (message: CannedMessage) => {
    setEditing(message);
    setDraft({ title: message.title, text: message.text, language: message.language });
    setStatus(null);
    requestAnimationFrame(() => title.current?.focus());
  };

  const stopEdit = () => {
    setEditing(null);
    setDraft(blank);
  };

  const save = (event: Event) => {
    event.preventDefault();
    if (!draft.title.trim() || !draft.text.trim()) {
      setProblem('Give the message a title and a text.');
      return;
    }
    const id = editing?.id ?? null;
    void act(async () => {
      await saveCanned(id, draft);
      stopEdit();
    }, id ? `Saved “${draft.title.trim()}”.` : `Added “${draft.title.trim()}”.`);
  };

  const remove = (message: CannedMessage) =>
    act(async () => {
      await removeCanned(message.id);
      setConfirming(null);
      if (editing?.id === message.id) stopEdit();
    }, `Removed “${message.title}”.`);

  return (
    <div class="canned-library">
      <ScreenHeading>Canned messages</ScreenHeading>
      <p>
        Standard texts advocates put in a message with <kbd>/</kbd> (in an empty message) or <kbd>Ctrl</kbd>+<kbd>K</kbd>, then edit before
        sending: rights and limits of confidentiality, a safety check, other help, the close. Keep them short and in plain words.
      </p>
      <form class="card" onSubmit={save} aria-labelledby="canned-form-heading">
        <h2 id="canned-form-heading">{editing ? `Edit “${editing.title}”` : 'Add a canned message'}</h2>
        <div class="field">
          <label for="canned-title">Title</label>
          <input id="canned-title" ref={title} dir="auto" maxLength={80} value={draft.title} onInput={(e) => setDraft({ ...draft, title: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="canned-language">Language</label>
          <select id="canned-language" value={draft.language} onChange={(e) => setDraft({ ...draft, language: e.currentTarget.value })}>
            {languages.map((tag) => (
              <option key={tag} value={tag}>
                {languageLabel(tag)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="canned-text">Text</label>
          <textarea id="canned-text" rows={4} dir="auto" maxLength={2000} value={draft.text} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />
        </div>
        <div class="with-button">
          <button type="submit" class="primary" disabled={busy}>
            {editing ? 'Save changes' : 'Add message'}
          </button>
          {editing && (
            <button type="button" onClick={stopEdit}>
              Cancel editing
            </button>
          )}
        </div>
      </form>
      <div role="status">{status && <p>{status}</p>}</div>
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
      {languages
        .filter((tag) => messages.some((m) => m.language === tag))
        .map((tag) => (
          <section key={tag} class="card" aria-labelledby={`canned-${tag}`}>
            <h2 id={`canned-${tag}`}>{languageLabel(tag)}</h2>
            <ul class="canned-entries">
              {messages
                .filter((m) => m.language === tag)
                .map((message) => (
                  <li key={message.id}>
                    <h3 dir="auto">{message.title}</h3>
                    <p dir="auto" class="canned-text">
                      {message.text}
                    </p>
                    <div class="with-button">
                      <button type="button" onClick={() => startEdit(message)} aria-label={`Edit ${message.title}`}>
                        Edit
                      </button>
                      {confirming === message.id ? (
                        <>
                          <button type="button" class="danger" onClick={() => void remove(message)} disabled={busy} aria-label={`Confirm: remove ${message.title}`}>
                            Confirm remove
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            Keep it
                          </button>
                        </>
                      ) : (
                        <button type="button" onClick={() => setConfirming(message.id)} aria-label={`Remove ${message.title}`}>
                          Remove
                        </button>
                      )}
                    </div>
                  </li>
                ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
