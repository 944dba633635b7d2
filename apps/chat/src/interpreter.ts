/*
 * The interpreter's page (/interpret, a build of its own). Its link's fragment holds a single-use
 * token and the conversation keys: the fragment leaves the address bar before anything else
 * happens, only the token is sent (once), and the keys stay in this page's memory.
 */
import { decryptMessage, encryptMessage, importInterpreterKeys, MessageTooLongError, type ConversationKeys, type Sender } from '@lantern/crypto';
import type { ErrorReply, InterpreterSession, ServerFrame } from '@lantern/protocol';
import { Connection } from './connection';
import { h, show } from './dom';
import { readLink } from './interpreter-link';
import { interpreterView, type InterpreterLine } from './interpreter-view';
import { postJson } from './post';
import { newClientId, prepareText } from './text';
import { writerName } from './writers';

const link = readLink(location.hash);
history.replaceState(null, '', location.pathname);

const app = document.getElementById('app')!;

function screen(title: string, text: string): void {
  const heading = h('h1', { tabindex: '-1' }, title);
  show(app, h('section', { class: 'screen' }, heading, h('p', null, text)));
  heading.focus();
}

const WHO: Record<Sender, string> = { participant: 'Participant', staff: 'Advocate', interpreter: 'You' };

async function redeem(token: string): Promise<InterpreterSession | string> {
  try {
    const response = await postJson('/api/interpreter/redeem', { token });
    const reply: unknown = await response.json().catch(() => null);
    if (response.ok) return reply as InterpreterSession;
    return (reply as ErrorReply | null)?.message ?? 'This chat is not available.';
  } catch {
    return 'The chat could not be reached. Check the connection and open the link again.';
  }
}

function run(session: InterpreterSession, keys: ConversationKeys): void {
  let held: ConversationKeys | null = keys;
  let shown = new Map<string, { line: InterpreterLine; pending: boolean }>();
  let done = false;

  const finish = (title: string, text: string, leaving: boolean) => {
    if (done) return;
    done = true;
    connection.end(leaving);
    held = null;
    shown = new Map();
    view.destroy();
    screen(title, text);
  };

  const send = (value: string): boolean => {
    const prepared = prepareText(value);
    if (!prepared.ok || !held) {
      view.note(prepared.ok ? '' : prepared.reason === 'empty' ? 'Please write a message first.' : 'This message is too long. Please split it.');
      return false;
    }
    const typed = view.name();
    const from = writerName(typed);
    if (typed && !from) {
      view.note('That name cannot be used: write it without line breaks or direction marks, in at most 64 characters.');
      return false;
    }
    const clientId = newClientId();
    const line = view.add(WHO.interpreter, true);
    line.setText(prepared.text);
    shown.set(clientId, { line, pending: true });
    encryptMessage(held, 'interpreter', clientId, from ? { text: prepared.text, from } : { text: prepared.text }).then(
      (body) => connection.send(clientId, body),
      (error: unknown) => line.failed(error instanceof MessageTooLongError ? 'too long' : 'could not be encrypted'),
    );
    return true;
  };

  const settle = (clientId: string) => {
    const known = shown.get(clientId);
    if (known?.pending) {
      known.pending = false;
      known.line.sent();
    }
    return known;
  };

  const receive = (frame: ServerFrame): void => {
    switch (frame.type) {
      case 'interpreter':
        if (frame.state === 'asking') view.status('Waiting for the participant to agree to an interpreter…');
        else if (frame.state === 'joined') {
          view.status('You are in the chat.');
          view.admit(true);
        } else if (frame.state === 'declined') finish('This chat is not available', 'The participant did not agree to an interpreter.', false);
        else finish('You are no longer in this chat', 'You left the chat, or the advocate ended your part in it.', false);
        return;
      case 'message': {
        if (settle(frame.clientId)) return;
        const line = view.add(WHO[frame.sender], frame.sender === 'interpreter');
        line.sent();
        shown.set(frame.clientId, { line, pending: false });
        if (!held) return;
        decryptMessage(held, frame.sender, frame.clientId, frame.body).then(
          // Structured messages (code words, answers before the chat) are for the other two, never a chat line.
          (body) => {
            if (body.kind !== undefined) return line.remove();
            // Staff lines carry the name participants see of their writer, inside the encryption.
            const name = frame.sender === 'staff' ? writerName(body.from) : null;
            if (name) line.setWho(name);
            line.setText(body.text);
          },
          () => line.unreadable(),
        );
        return;
      }
      case 'ack':
        settle(frame.clientId);
        return;
      case 'closed':
        finish('This chat has ended', 'Its messages have been erased from this page.', false);
        return;
      case 'error': {
        const known = frame.ref ? shown.get(frame.ref) : undefined;
        if (known?.pending) {
          known.pending = false;
          known.line.failed(frame.message);
        } else if (frame.ref === 'auth' || frame.code === 'closed') {
          finish('This chat is not available', 'It has ended, or you are no longer in it.', false);
        } else view.note(frame.message);
        return;
      }
    }
  };

  const view = interpreterView({ send, leave: () => finish('You have left the chat', 'Its messages have been erased from this page.', true) });
  view.admit(false);
  show(app, view.root);
  const connection = new Connection(session.sessionToken, session.conversationId, {
    frame: receive,
    state(state) {
      if (state !== 'ready') view.status(state === 'reconnecting' ? 'Reconnecting…' : 'Connecting…');
      else view.status('You are in the chat.');
    },
  });
}

async function start(): Promise<void> {
  if (!link) return screen('This link is not complete', 'Ask the advocate for a new interpreter link.');
  if (typeof crypto === 'undefined' || !crypto.subtle) {
    return screen('This browser cannot open the chat', 'Please open the link in an up-to-date browser.');
  }
  screen('Joining the chat…', 'One moment.');
  const session = await redeem(link.token);
  if (typeof session === 'string') return screen('This chat is not available', session);
  let keys: ConversationKeys;
  try {
    keys = await importInterpreterKeys(session.conversationId, link.keys);
  } catch {
    return screen('This link is not complete', 'Ask the advocate for a new interpreter link.');
  }
  link.keys = '';
  link.token = '';
  run(session, keys);
}

void start();
