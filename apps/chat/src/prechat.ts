import type { ParticipantNotices } from '@lantern/protocol';
import { PRE_CHAT_KIND, type PreChatAnswers } from '@lantern/protocol/pre-chat';
import type { RunningChat } from './chat';
import type { Reach } from './config';
import { h, show } from './dom';
import { t } from './i18n';
import { postJson } from './post';
import { alternatives, shownReach } from './screens';

export interface PreChatHandlers {
  reach: Reach;
  /** Tells the server "I understand"; false when it did not go through. */
  acknowledge(): Promise<boolean>;
  exit(): void;
  /** Over: the composer opens. `answers` is null when there is nothing to tell (safe, every question skipped). */
  done(answers: PreChatAnswers | null): void;
}

const get = (url: string) => fetch(url, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });

export async function fetchNotices(language: string): Promise<ParticipantNotices | null> {
  try {
    const response = await get('/api/notices/' + language);
    return response.ok ? ((await response.json()) as ParticipantNotices) : null;
  } catch {
    return null;
  }
}

export function acknowledgeRights(token: string): Promise<boolean> {
  return postJson('/api/conversations/acknowledge', { token }).then(
    (response) => response.ok,
    () => false,
  );
}

function button(label: string, onClick: (b: HTMLButtonElement) => void, kind = 'primary'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: kind }, label);
  b.addEventListener('click', () => onClick(b));
  return b;
}

/**
 * Before the first message, one step at a time: the rights notice and "I understand" (the server
 * refuses messages until then), the device-safety check-in (no: safer ways and a way out), then
 * the program's optional questions, each with why it is asked and a Skip. The program's words
 * take their own direction (`dir="auto"`). A resumed chat shows the notice only.
 */
export function preChat(notices: ParticipantNotices, rightsOnly: boolean, handlers: PreChatHandlers): HTMLElement {
  const l = notices.labels;
  const box = h('section', { class: 'prechat', 'aria-labelledby': 'prechat-h' });
  const heading = (text: string) => h('h2', { id: 'prechat-h', tabindex: '-1', dir: 'auto' }, text);
  const words = (text: string) => h('p', { class: 'notice', dir: 'auto' }, text);
  const step = (...nodes: Array<Node | null>) => {
    show(box, ...nodes.filter((n): n is Node => !!n));
    box.querySelector('h2')!.focus();
  };
  let safe: boolean | null = null;
  const answers: PreChatAnswers['answers'] = [];
  /** After "No": what the page showed, for the advocate. */
  let shown: PreChatAnswers['shown'];

  const failed = h('p', { role: 'status', class: 'status' });
  step(
    heading(l.heading),
    words(notices.rights),
    button(l.understand, async (b) => {
      b.disabled = true;
      failed.textContent = '';
      if (!(await handlers.acknowledge())) {
        b.disabled = false;
        failed.textContent = t('noticeFailed');
      } else if (rightsOnly) handlers.done(null);
      else safety();
    }),
    failed,
  );

  function safety(): void {
    step(
      heading(notices.safetyQuestion),
      h(
        'div',
        { class: 'actions' },
        button(l.yes, () => {
          safe = true;
          ask(0);
        }),
        button(l.no, unsafe, 'secondary'),
      ),
    );
  }

  function unsafe(): void {
    safe = false;
    shown = shownReach(handlers.reach);
    step(
      heading(l.saferHeading),
      words(notices.safetyAdvice),
      alternatives(shown),
      h('div', { class: 'actions' }, button(t('exit'), handlers.exit, 'danger'), button(l.continueHere, () => ask(0), 'secondary')),
    );
  }

  function ask(index: number): void {
    const question = notices.questions[index];
    if (!question) return handlers.done(safe === false ? { safe, answers, shown } : answers.length > 0 ? { safe, answers } : null);
    const id = 'q' + index;
    let value: () => string;
    let field: HTMLElement;
    if (question.answer === 'choice') {
      field = h(
        'fieldset',
        null,
        h('legend', { dir: 'auto' }, question.question),
        ...question.choices.map((choice) => h('label', { dir: 'auto' }, h('input', { type: 'radio', name: id, value: choice }), ' ' + choice)),
      );
      value = () => (field.querySelector('input:checked') as HTMLInputElement | null)?.value ?? '';
    } else {
      const input = h('input', { id, type: 'text', maxlength: '300', autocomplete: 'off', spellcheck: 'false', dir: 'auto' });
      field = h('p', null, h('label', { for: id, dir: 'auto' }, question.question), input);
      value = () => input.value.trim();
    }
    const next = () => ask(index + 1);
    step(
      heading(l.question.replace('{n}', String(index + 1)).replace('{total}', String(notices.questions.length))),
      field,
      h('p', { class: 'hint' }, l.why + ' ', h('span', { dir: 'auto' }, question.why)),
      h(
        'div',
        { class: 'actions' },
        button(l.next, () => {
          const answer = value();
          if (answer) answers.push({ question: question.question, answer });
          next();
        }),
        button(l.skip, next, 'secondary'),
      ),
    );
  }

  return box;
}

/** The program's closing words for the screen after the chat, once fetched. */
let closing = '';
export const closingNotice = () => closing;

/**
 * Shuts the composer behind the pre-chat steps and opens it when they are over; what the
 * participant chose to tell goes to the advocate as one end-to-end encrypted message.
 */
export function beginPreChat(chat: RunningChat, token: string, options: { language: string; resumed: boolean; reach: Reach; exit(): void }): void {
  const load = async (): Promise<void> => {
    const notices = await fetchNotices(options.language);
    if (!notices) {
      const retry = button(t('tryAgain'), () => void load());
      chat.view.lock(h('section', { class: 'prechat' }, h('p', { role: 'alert' }, t('noticeFailed')), retry));
      retry.focus();
      return;
    }
    closing = notices.closing;
    const panel = preChat(notices, options.resumed, {
      reach: options.reach,
      acknowledge: () => acknowledgeRights(token),
      exit: options.exit,
      done(answers) {
        if (answers) chat.sendStructured(PRE_CHAT_KIND, JSON.stringify(answers));
        chat.view.lock(null);
      },
    });
    chat.view.lock(panel);
    panel.querySelector('h2')!.focus();
  };
  chat.view.lock(h('section', { class: 'prechat' }));
  void load();
}
