import { ConversationOrder, MessageTooLongError } from '@lantern/crypto';
import type { Sender } from '@lantern/crypto';
import type { ServerFrame } from '@lantern/protocol';
import { MAX_MESSAGE_GRAPHEMES } from '@lantern/protocol/limits';
import { chatView, type ChatView, type MessageView } from './chat-view';
import { codeWordPrompts } from './code-word';
import { Connection, type LinkState } from './connection';
import { answerKeyRequest, endConversation, openText, sealText, type Conversation } from './conversation';
import { currentLanguage, t } from './i18n';
import { interpreterConsent } from './interpreter-consent';
import { readStatus } from './status';
import { newClientId, prepareText } from './text';
import { isolate, StaffWriters, writerName } from './writers';

export interface RunningChat {
  readonly view: ChatView;
  /** Ends the chat from this side: tells the server (socket and beacon), then forgets everything. */
  end(): void;
  /** A structured message to the advocate (the pre-chat answers), never shown as a chat line. */
  sendStructured(kind: string, text: string): void;
}

// Codes after which this conversation cannot go on: it was closed, or its token is no longer good.
const FATAL = ['closed', 'unauthorized', 'not_found', 'forbidden'];

/**
 * Runs one conversation: frames in, decrypted messages on screen, typed text out through the
 * connection. `finished` is called once, after every trace of the conversation is dropped.
 */
export function runChat(conversation: Conversation, title: string, finished: () => void): RunningChat {
  let convo: Conversation | null = conversation;
  let presence = t('waiting');
  let link: LinkState = 'connecting';
  /** Every message on screen by clientId: the server echoes our own, and a resume may repeat any. */
  let shown = new Map<string, { view: MessageView; pending: boolean }>();
  /** The order messages were written in, as their writers say it (the server's numbers are its own). */
  let order = new ConversationOrder();
  let opened: Promise<void> = Promise.resolve();
  /** Who is on the staff side: each staff line is labelled with the name its writer put inside it. */
  const writers = new StaffWriters();

  /** Until a message is opened, its side; then the name inside it, if its writer gave one. */
  const label = (sender: Sender, name: string | null = null) =>
    sender === 'participant'
      ? t('you')
      : sender === 'interpreter'
        ? name
          ? t('interpreterNamed', { name })
          : t('interpreter')
        : (name ?? t('advocate'));

  const showStatus = () => view.status(link === 'reconnecting' ? t('reconnecting') : link === 'connecting' ? t('connecting') : presence);
  const tooLong = () => t('tooLong', { max: MAX_MESSAGE_GRAPHEMES });

  async function send(value: string): Promise<boolean> {
    const prepared = prepareText(value);
    if (!prepared.ok) {
      view.note(prepared.reason === 'empty' ? t('empty') : tooLong());
      return false;
    }
    if (!convo) return false;
    const clientId = newClientId();
    let body: string;
    try {
      body = await sealText(convo, clientId, prepared.text, order.next(clientId));
    } catch (error) {
      // Counted in characters it fits, but some scripts take many bytes each.
      view.note(error instanceof MessageTooLongError ? tooLong() : t('sendFailed'));
      return false;
    }
    if (!convo) return false;
    const message = view.add(t('you'), true, null);
    message.setText(prepared.text);
    shown.set(clientId, { view: message, pending: true });
    connection.send(clientId, body);
    return true;
  }

  /** A structured message to the advocate: kept until acknowledged like any other, never on screen. */
  async function sendStructured(kind: string, text: string): Promise<void> {
    if (!convo) return;
    const clientId = newClientId();
    const body = await sealText(convo, clientId, text, order.next(clientId), kind);
    if (!convo) return;
    const quiet = () => {};
    shown.set(clientId, { view: { setText: quiet, setWho: quiet, unreadable: quiet, sent: quiet, remove: quiet, failed: (reason) => view.note(t('notSent', { reason })) }, pending: true });
    connection.send(clientId, body);
  }

  function receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'conversation': {
        const staffName = writerName(frame.staffName);
        writers.introduce(staffName);
        presence = frame.status === 'active' ? t('joined', { named: staffName ? 'yes' : 'no', name: staffName ? isolate(staffName) : '' }) : t('waiting');
        showStatus();
        return;
      }
      case 'message': {
        const known = shown.get(frame.clientId);
        if (known) {
          if (known.pending) {
            known.pending = false;
            known.view.sent(frame.seq);
          }
          return;
        }
        // On screen (in seq order) before decryption finishes, so a repeat is caught above.
        const message = view.add(label(frame.sender), frame.sender === 'participant', frame.seq);
        shown.set(frame.clientId, { view: message, pending: false });
        if (!convo) return;
        const opening = convo;
        // Opened one after another, in the order frames came, so the order check sees them as the server sent them.
        opened = opened.then(() => openText(opening, frame.sender, frame.clientId, frame.body)).then(
          (body) => {
            if (!convo) return;
            // Said once, where it happened: the server dropped, repeated or reordered something.
            if (order.check(frame.clientId, body.order) !== 'ok') view.note(t('outOfOrder'));
            if (body.kind === undefined) {
              if (frame.sender === 'staff') {
                const writer = writers.opened(body.from, body.order?.i);
                // Someone the page had not heard of writes: said before their first line.
                if (writer.joined) view.system(t('joined', { named: 'yes', name: isolate(writer.name!) }), frame.seq);
                message.setWho(label('staff', writer.name));
              } else if (frame.sender === 'interpreter') message.setWho(label('interpreter', writerName(body.from)));
              return message.setText(body.text);
            }
            // A structured message (code word) is acted on, never shown as a chat line.
            message.remove();
            if (frame.sender === 'staff') codeWords(body.kind, body.text);
            // Replayed after a reload: the prompt it answered is done with.
            else view.panel(null);
          },
          () => {
            if (convo) message.unreadable();
          },
        );
        return;
      }
      case 'ack': {
        const known = shown.get(frame.clientId);
        if (known?.pending) {
          known.pending = false;
          known.view.sent(frame.seq);
        }
        return;
      }
      case 'notice': {
        // Someone else now answers (a transfer, a take-over), or a supervisor joined: said in the log, where it happened, by name.
        if (frame.notice !== 'inactivity_warning') {
          const name = writerName(frame.name);
          writers.introduce(name);
          return view.system(t('staffChange', { change: frame.notice, named: name ? 'yes' : 'no', name: name ? isolate(name) : '' }));
        }
        // The participant has been silent: say when the chat closes unless they write.
        const time = new Intl.DateTimeFormat(currentLanguage(), { hour: 'numeric', minute: '2-digit' }).format(new Date(frame.closesAt));
        view.note(t('inactivityWarning', { time }));
        return;
      }
      case 'status':
        // The line closed or was interrupted: said above the chat, which goes on (staff decide).
        view.lineStatus(readStatus(frame));
        return;
      case 'interpreter':
        onInterpreter(frame.state);
        return;
      case 'key_request':
        // A staff device opening this conversation: it gets the secret only with the program key.
        if (convo) {
          answerKeyRequest(convo, frame.deviceKey).then(
            (grant) => connection.grant(grant),
            () => {},
          );
        }
        return;
      case 'closed':
        finish(false);
        return;
      case 'error': {
        const known = frame.ref ? shown.get(frame.ref) : undefined;
        if (known?.pending) {
          known.pending = false;
          known.view.failed(frame.message);
        } else if (FATAL.includes(frame.code) && (frame.code === 'closed' || !connection.ready)) {
          // The token was refused while connecting, or the conversation is gone: nothing to resume.
          finish(false);
        } else {
          view.note(frame.message);
        }
        return;
      }
    }
  }

  let done = false;
  function finish(tellServer: boolean): void {
    if (done) return;
    done = true;
    connection.end(tellServer);
    // The close frame may not leave before the page does, or the socket may be down.
    if (tellServer && convo) endConversation(convo.token);
    // Drop every reference to keys, token and text so nothing of the conversation outlives it.
    convo = null;
    shown = new Map();
    order = new ConversationOrder();
    view.destroy();
    finished();
  }

  const view = chatView(title, { send, end: () => finish(true) });
  const connection = new Connection(conversation.token, conversation.id, {
    frame: receive,
    state(state) {
      link = state;
      showStatus();
    },
  });

  const onInterpreter = interpreterConsent(view, (accept) => connection.consent(accept));

  const codeWords = codeWordPrompts({
    send: (kind, text) => void sendStructured(kind, text),
    panel: view.panel,
    note: view.note,
    token: conversation.token,
  });

  return { view, end: () => finish(true), sendStructured: (kind, text) => void sendStructured(kind, text) };
}
