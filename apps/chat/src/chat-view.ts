import { clear, h } from './dom';
import { t } from './i18n';
import { alternatives } from './screens';
import type { LineStatus } from './status';

/** One message on screen. Text arrives after decryption, which is asynchronous. */
export interface MessageView {
  setText(text: string): void;
  /** Who wrote it, once the message has said so (from inside its encryption). */
  setWho(who: string): void;
  unreadable(): void;
  sent(seq: number): void;
  failed(reason: string): void;
  /** Takes it off the page: a structured message, not a chat line. */
  remove(): void;
}

export interface ChatView {
  readonly root: HTMLElement;
  status(text: string): void;
  note(text: string): void;
  /**
   * A line from the program in the log, where it happened: someone else now answers, someone joined.
   * `beforeSeq`: just before that message (a writer first seen there); else after every message so far.
   */
  system(text: string, beforeSeq?: number): void;
  /** The line closed or was interrupted during the chat (an alert above it); null when open again. */
  lineStatus(status: LineStatus | null): void;
  /** Adds a message: by `seq` order when known, pending ones (seq null) at the end. */
  add(who: string, mine: boolean, seq: number | null): MessageView;
  focusComposer(): void;
  /** Holds the composer shut under a panel before the first message (the rights notice); null opens it. */
  lock(el: HTMLElement | null): void;
  /** A prompt above the composer (a code word); null takes it away. */
  panel(el: HTMLElement | null): void;
  /** Removes every message and the composer, and forgets them. */
  destroy(): void;
}

export interface ChatHandlers {
  /** Resolves true when the message was taken (the composer is then cleared). */
  send(value: string): Promise<boolean>;
  end(): void;
}

interface Entry {
  el: HTMLElement;
  seq: number | null;
}

export function chatView(title: string, handlers: ChatHandlers): ChatView {
  const status = h('p', { role: 'status', class: 'status' }, t('connecting'));
  const log = h('div', {
    role: 'log',
    'aria-live': 'polite',
    'aria-label': t('logLabel'),
    class: 'log',
    // Scrollable, so it must be reachable by keyboard.
    tabindex: '0',
  });
  let entries: Entry[] = [];

  function place(entry: Entry): void {
    const at = entries.indexOf(entry);
    if (at >= 0) entries.splice(at, 1);
    let index = entries.length;
    if (entry.seq !== null) {
      const seq = entry.seq;
      index = entries.findIndex((e) => e.seq === null || e.seq > seq);
      if (index < 0) index = entries.length;
    }
    const next = entries[index];
    // Moving a node a screen reader already read would read it twice: only move when out of order.
    if (at !== index || entry.el.parentNode !== log) log.insertBefore(entry.el, next ? next.el : null);
    entries.splice(index, 0, entry);
  }

  // Follow new messages only if the reader was already at the end (not reading back).
  const atEnd = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;

  function add(who: string, mine: boolean, seq: number | null): MessageView {
    const text = h('p', { class: 'text', dir: 'auto' });
    const state = h('p', { class: 'state' }, mine && seq === null ? t('sending') : '');
    const label = h('p', { class: 'who' }, who);
    const el = h('div', { class: 'msg ' + (mine ? 'mine' : 'theirs'), dir: 'auto' }, label, text, state);
    if (mine && seq === null) el.classList.add('pending');
    const follow = mine || atEnd();
    const entry: Entry = { el, seq };
    place(entry);
    return {
      setText(value) {
        text.textContent = value;
        if (follow) el.scrollIntoView(false);
      },
      setWho(value) {
        label.textContent = value;
      },
      unreadable() {
        text.textContent = t('unreadable');
        el.classList.add('problem');
      },
      sent(value) {
        el.classList.remove('pending');
        state.textContent = '';
        if (entry.seq === null) {
          entry.seq = value;
          place(entry);
        }
      },
      failed(reason) {
        el.classList.remove('pending');
        el.classList.add('problem');
        state.textContent = t('notSent', { reason });
      },
      remove() {
        entries = entries.filter((e) => e !== entry);
        el.remove();
      },
    };
  }

  const textarea = h('textarea', {
    id: 'message',
    name: 'message',
    rows: '3',
    autocomplete: 'off',
    // Browser spelling and writing services (Edge's Editor, Chrome's enhanced check) may send text off the device.
    spellcheck: 'false',
    writingsuggestions: 'false',
    'aria-describedby': 'message-note',
  });
  const noteEl = h('p', { id: 'message-note', class: 'note', 'aria-live': 'polite' });
  const sendButton = h('button', { type: 'submit', class: 'primary' }, t('send'));
  const form = h(
    'form',
    { class: 'composer', autocomplete: 'off', novalidate: '' },
    h('label', { for: 'message' }, t('messageLabel')),
    textarea,
    noteEl,
    sendButton,
  );
  let sending = false;
  const submit = async () => {
    if (sending) return;
    sending = true;
    try {
      if (await handlers.send(textarea.value)) {
        textarea.value = '';
        noteEl.textContent = '';
      }
    } finally {
      sending = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
    textarea.focus();
  });
  textarea.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; never while an input method is composing a character.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    void submit();
  });

  const endButton = h('button', { type: 'button', class: 'secondary' }, t('endChat'));
  const question = h('p', { tabindex: '-1' }, t('endQuestion'));
  const confirm = h('button', { type: 'button', class: 'danger' }, t('endConfirm'));
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('endCancel'));
  const confirmBox = h('div', { class: 'confirm' }, question, h('div', { class: 'actions' }, confirm, cancel));
  confirmBox.hidden = true;
  const end = h('div', { class: 'end' }, endButton, confirmBox);
  endButton.addEventListener('click', () => {
    endButton.hidden = true;
    confirmBox.hidden = false;
    end.classList.add('asking');
    // Focus the question, not the button: a double press must not end the chat.
    question.focus();
  });
  cancel.addEventListener('click', () => {
    confirmBox.hidden = true;
    end.classList.remove('asking');
    endButton.hidden = false;
    endButton.focus();
  });
  confirm.addEventListener('click', () => handlers.end());

  const head = h('div', { class: 'chat-head' }, h('h1', null, title), status, end);
  const root = h('section', { class: 'screen chat' }, head, log, form);
  let banner: HTMLElement | null = null;
  let prompt: HTMLElement | null = null;
  let gate: HTMLElement | null = null;

  return {
    root,
    status(text) {
      status.textContent = text;
    },
    note(text) {
      noteEl.textContent = text;
    },
    system(text, beforeSeq) {
      // After every committed message so far, before any still sending; or just before the message it is about.
      const seq = beforeSeq === undefined ? entries.reduce((max, e) => Math.max(max, e.seq ?? 0), 0) : beforeSeq - 0.5;
      place({ el: h('p', { class: 'system', dir: 'auto' }, text), seq });
    },
    lineStatus(line) {
      if (banner) banner.remove();
      banner = null;
      if (!line || line.state === 'open') return;
      // A new node each time, so a screen reader announces each change; the chat itself goes on.
      banner = h(
        'div',
        { role: 'alert', class: 'banner' },
        h('p', { class: 'hint' }, t(line.state === 'closed' ? 'bannerClosed' : 'bannerInterrupted')),
        line.message ? h('p', { dir: 'auto' }, line.message) : null,
        alternatives(line.alternatives),
      );
      root.insertBefore(banner, log);
    },
    add,
    focusComposer() {
      textarea.focus();
    },
    lock(el) {
      if (gate) gate.remove();
      gate = el;
      textarea.disabled = sendButton.disabled = el !== null;
      if (el) root.insertBefore(el, log);
      else textarea.focus();
    },
    panel(el) {
      const had = prompt;
      if (had) had.remove();
      prompt = el;
      if (el) root.insertBefore(el, form);
      // Back to the composer, but only from a prompt that had the focus's place.
      else if (had) textarea.focus();
    },
    destroy() {
      textarea.value = '';
      clear(log);
      entries = [];
      clear(root);
      root.remove();
    },
  };
}
