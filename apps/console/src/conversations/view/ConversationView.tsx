import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import type { ConversationSummary } from '@lantern/protocol';
import { draftOf, end, keepDraft, messagesOf, noticesOf, orderWarningOf, partIn, sendText, type ChatMessage, type ConversationNotice } from '../conversations';
import { channelLabel, languageLabel, timeLabel } from '../../shared/format';
import { SMS_MAX_CHARS } from '../sms/sms';
import { me } from '../../shared/state';
import { staffChangeWords, writerLabel } from '../staff-changes';
import { timeline } from '../timeline';
import { SmsPanel } from '../sms/SmsPanel';
import { PreChatAnswersItem, RightsStatus } from './PreChat';
import { PRE_CHAT_KIND } from '@lantern/protocol/pre-chat';
import { CannedPicker, insertCanned, opensPicker } from '../canned/CannedPicker';
import { CodeWord } from '../code-words/CodeWord';
import { ComposerHint } from '../composer/ComposerHint';
import { SupervisionBar } from '../supervision/Supervision';
import { CardLabelField } from '../list/ConversationCard';
import { cardLabelOf } from '../card-labels';
import { TransferArrival, TransferControls } from '../transfer/Transfer';
import { PresenceLine } from './PresenceLine';
import { InterpreterPanel } from '../interpreter/Interpreter';

function Message({ message }: { message: ChatMessage }) {
  if (message.kind === PRE_CHAT_KIND && message.sender === 'participant') return <PreChatAnswersItem message={message} />;
  const who = writerLabel(message, me.value?.id);
  return (
    <li class={`message from-${message.sender}`}>
      <span class="who">{who}</span>
      {message.text === null ? (
        <p class="unreadable">This message could not be opened.</p>
      ) : (
        <p dir="auto" class="text">
          {message.text}
        </p>
      )}
      <span class="meta">
        {timeLabel(message.sentAt)}
        {message.state === 'sending' && ' · Sending…'}
        {message.state === 'failed' && ` · Not sent: ${message.error ?? 'refused by the server'}`}
      </span>
    </li>
  );
}

/** A line from the program, not from a person: when a silent chat will close, or that the staff side changed. */
function Notice({ notice }: { notice: ConversationNotice }) {
  if (notice.closesAt === null) return <li class="system-line staff-change">{staffChangeWords(notice)}</li>;
  return (
    <li class="system-line">
      No reply from the participant: this chat closes at <time dateTime={notice.closesAt}>{timeLabel(notice.closesAt)}</time> unless
      they write.
    </li>
  );
}

export function ConversationView({ summary }: { summary: ConversationSummary }) {
  const messages = messagesOf(summary.id);
  const notices = noticesOf(summary.id);
  const [draft, setDraftState] = useState(() => draftOf(summary.id));
  const setDraft = (text: string) => {
    setDraftState(text);
    keepDraft(summary.id, text);
  };
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [picking, setPicking] = useState(false);
  const [ending, setEnding] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  const composer = useRef<HTMLTextAreaElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const stuckToBottom = useRef(true);

  useEffect(() => composer.current?.focus(), []);

  // Follow new messages unless the reader has scrolled up to read earlier ones.
  useEffect(() => {
    const el = log.current;
    if (el && stuckToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, notices]);
  // The log shrinks and grows with the window and the composer (a picker opening): keep the newest line in view.
  useEffect(() => {
    const el = log.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      if (stuckToBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (sending || !draft.trim()) return;
    setSending(true);
    const problem = await sendText(summary.id, draft);
    setSending(false);
    setError(problem);
    if (!problem) {
      setDraft('');
      stuckToBottom.current = true;
    }
    composer.current?.focus();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLTextAreaElement>) => {
    if (opensPicker(event, draft)) {
      event.preventDefault();
      setPicking(true);
      return;
    }
    // Enter sends; Shift+Enter is a new line; Enter that confirms an input method's composition is left alone.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  /** A canned message goes into the draft at the caret, to be edited before sending. */
  const pickCanned = (text: string) => {
    const el = composer.current;
    const { draft: next, caret } = insertCanned(draft, el?.selectionStart ?? draft.length, el?.selectionEnd ?? draft.length, text);
    setDraft(next);
    setPicking(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };
  const closePicker = (refocus: boolean) => {
    setPicking(false);
    if (refocus) requestAnimationFrame(() => composer.current?.focus());
  };
  const participantTexts = messages.flatMap((m) => (m.sender === 'participant' && m.kind === undefined && m.text !== null ? [m.text] : []));

  const confirmEnd = () => {
    if (!end(summary.id)) {
      setError('Not connected. The conversation can be ended once the connection is back.');
      setConfirming(false);
      return;
    }
    // The view goes away when the server's `closed` frame arrives; if it refuses, its error shows as a notice.
    setEnding(true);
    setTimeout(() => setEnding(false), 5_000);
  };

  const cancelEnd = () => {
    setConfirming(false);
    // The confirm button is gone; put focus back where the person started.
    requestAnimationFrame(() => endButton.current?.focus());
  };

  const sms = summary.channel === 'sms';
  const part = partIn(summary);
  const watching = part === 'watch';
  const title = [channelLabel(summary.channel), summary.language ? languageLabel(summary.language) : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <section class="chat" aria-labelledby="chat-heading">
      <div class="chat-main">
        <div class="chat-head">
          <h2 id="chat-heading">
            {cardLabelOf(summary.id) && (
              <>
                <span dir="auto">{cardLabelOf(summary.id)}</span>
                {' · '}
              </>
            )}
            {title} <span class="muted">since {timeLabel(summary.createdAt)}</span>
          </h2>
          <div class="end">
            {watching ? null : confirming ? (
              <>
                <span id="end-warning">
                  {sms
                    ? 'Ends the conversation: their phone gets the closing notice, its messages are deleted here and at the SMS provider.'
                    : 'Ends the chat for the participant and deletes its messages.'}
                </span>
                <button
                  type="button"
                  class="danger"
                  ref={confirmButton}
                  onClick={confirmEnd}
                  disabled={ending}
                  aria-describedby="end-warning"
                >
                  Confirm end
                </button>
                <button type="button" onClick={cancelEnd} disabled={ending}>
                  Keep it open
                </button>
              </>
            ) : (
              <button type="button" ref={endButton} onClick={() => setConfirming(true)}>
                End conversation
              </button>
            )}
          </div>
        </div>
        <TransferArrival conversationId={summary.id} />
        {orderWarningOf(summary.id) && (
          <p role="alert" class="banner warning">
            Some messages in this conversation may be missing or out of order: they did not arrive as they were written. Ask the
            participant to repeat anything that seems missing, and tell an admin.
          </p>
        )}
        {summary.channel === 'web' && <PresenceLine summary={summary} {...(watching ? {} : { onEnd: () => setConfirming(true) })} />}
        <div
          role="log"
          aria-label="Conversation"
          class="log"
          ref={log}
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            stuckToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          }}
        >
          {messages.length === 0 && <p class="muted">No messages yet.</p>}
          <ol>
            {timeline(messages.filter((m) => m.kind === undefined || m.kind === PRE_CHAT_KIND), notices).map((item) =>
              item.kind === 'message' ? (
                <Message key={item.message.clientId} message={item.message} />
              ) : (
                <Notice key={`notice-${item.notice.notice}-${item.notice.closesAt ?? item.notice.afterSeq}`} notice={item.notice} />
              ),
            )}
          </ol>
        </div>
        {!watching && (
        <form class="composer" onSubmit={submit}>
          <label for="composer">Message</label>
          <textarea
            id="composer"
            ref={composer}
            rows={3}
            dir="auto"
            value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={onKeyDown}
            aria-describedby="composer-hint"
            aria-invalid={error ? 'true' : undefined}
          />
          <p id="composer-hint" class="hint">
            {sms && `Sent as a text message to their phone, up to ${SMS_MAX_CHARS} characters. `}Enter sends. Shift+Enter starts a new line. / in an empty message, or Ctrl+K, opens the canned messages.
          </p>
          {picking && <CannedPicker language={summary.language} onPick={pickCanned} onClose={closePicker} />}
          <div class="composer-actions">
            {!picking && (
              <button type="button" class="link-button canned-open" onClick={() => setPicking(true)}>
                Canned messages
              </button>
            )}
            <button type="submit" class="primary" disabled={sending}>
              Send
            </button>
          </div>
          <ComposerHint draft={draft} participantTexts={participantTexts} />
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </form>
        )}
      </div>
      {/* What goes with the conversation but is not read line by line: beside the log, scrolling on its own. */}
      <div class="chat-side">
        <CardLabelField conversationId={summary.id} />
        <RightsStatus summary={summary} />
        {sms && <SmsPanel conversationId={summary.id} />}
        <InterpreterPanel key={summary.id} summary={summary} />
        <div class="chat-tools">
          <SupervisionBar summary={summary} />
          {part === 'hold' && <TransferControls summary={summary} />}
        </div>
        {part === 'hold' && !sms && <CodeWord key={summary.id} summary={summary} />}
      </div>
    </section>
  );
}
