import { h } from './dom';

/** One message on the interpreter's screen; its text arrives after decryption. */
export interface InterpreterLine {
  setText(text: string): void;
  setWho(who: string): void;
  unreadable(): void;
  sent(): void;
  failed(reason: string): void;
  remove(): void;
}

export interface InterpreterView {
  readonly root: HTMLElement;
  status(text: string): void;
  note(text: string): void;
  /** The composer works only once the participant has agreed. */
  admit(admitted: boolean): void;
  /** The name the interpreter gave for their messages, as typed ("" for none). */
  name(): string;
  add(who: string, mine: boolean): InterpreterLine;
  /** Removes every message and the composer. */
  destroy(): void;
}

/** The interpreter's chat screen (English: the interpreter works with the program's staff). */
export function interpreterView(handlers: { send(text: string): boolean; leave(): void }): InterpreterView {
  const status = h('p', { role: 'status', class: 'status' }, 'Connecting…');
  const log = h('div', { role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', class: 'log', tabindex: '0' });
  const textarea = h('textarea', {
    id: 'message',
    name: 'message',
    rows: '3',
    dir: 'auto',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'message-note',
  });
  const note = h('p', { id: 'message-note', class: 'note', 'aria-live': 'polite' });
  // Their name goes inside each message they write, so the server never learns it.
  const nameInput = h('input', { id: 'interpreter-name', name: 'interpreter-name', type: 'text', dir: 'auto', autocomplete: 'off', spellcheck: 'false', maxlength: '64', 'aria-describedby': 'interpreter-name-hint' });
  const nameField = h(
    'div',
    { class: 'name-field' },
    h('label', { for: 'interpreter-name' }, 'Your name (optional)'),
    nameInput,
    h('p', { id: 'interpreter-name-hint' }, 'The participant and the program’s staff see it beside your messages. Left empty, they see “Interpreter”.'),
  );
  const sendButton = h('button', { type: 'submit', class: 'primary' }, 'Send');
  const form = h('form', { class: 'composer', autocomplete: 'off', novalidate: '' }, h('label', { for: 'message' }, 'Message'), textarea, note, sendButton);
  const submit = () => {
    if (handlers.send(textarea.value)) {
      textarea.value = '';
      note.textContent = '';
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
    textarea.focus();
  });
  textarea.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter is a new line; never while an input method is composing.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  });
  const leave = h('button', { type: 'button', class: 'secondary' }, 'Leave the chat');
  leave.addEventListener('click', () => handlers.leave());
  const root = h(
    'section',
    { class: 'screen chat' },
    h('div', { class: 'chat-head' }, h('h1', { tabindex: '-1' }, 'Interpreter'), status, h('div', { class: 'end' }, leave)),
    nameField,
    log,
    form,
  );

  return {
    root,
    status(text) {
      status.textContent = text;
    },
    note(text) {
      note.textContent = text;
    },
    admit(admitted) {
      textarea.disabled = !admitted;
      sendButton.disabled = !admitted;
    },
    name() {
      return nameInput.value.trim();
    },
    add(who, mine) {
      const text = h('p', { class: 'text', dir: 'auto' });
      const state = h('p', { class: 'state' }, mine ? 'Sending…' : '');
      const label = h('p', { class: 'who' }, who);
      const el = h('div', { class: 'msg ' + (mine ? 'mine pending' : 'theirs'), dir: 'auto' }, label, text, state);
      log.appendChild(el);
      return {
        setText(value) {
          text.textContent = value;
          el.scrollIntoView(false);
        },
        setWho(value) {
          label.textContent = value;
        },
        unreadable() {
          text.textContent = 'This message could not be opened.';
          el.classList.add('problem');
        },
        sent() {
          el.classList.remove('pending');
          state.textContent = '';
        },
        failed(reason) {
          el.classList.remove('pending');
          el.classList.add('problem');
          state.textContent = `Not sent: ${reason}`;
        },
        remove() {
          el.remove();
        },
      };
    },
    destroy() {
      textarea.value = '';
      nameInput.value = '';
      log.textContent = '';
      root.textContent = '';
      root.remove();
    },
  };
}
