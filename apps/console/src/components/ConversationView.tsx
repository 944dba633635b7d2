import { useEffect, useRef, useState } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import type { ConversationSummary } from '@lantern/protocol';
import { end, messagesOf, noticesOf, sendText, type ChatMessage, type ConversationNotice } from '../conversations';
import { channelLabel, languageLabel, timeLabel } from '../format';
import { SMS_MAX_CHARS } from '../sms';
import { me } from '../state';
import { timeline } from '../timeline';
import { SmsPanel } from './SmsPanel';

function senderName(message: ChatMessage, summary: ConversationSummary): string {
  if (message.sender === 'participant') return 'Participant';
  if (message.sender === 'interpreter') return 'Interpreter';
  // Frames do not say which staff member wrote: while the conversation is ours, staff lines are ours.
  if (message.mine || summary.assignedTo?.id === me.value?.id) return 'You';
  return summary.assignedTo?.displayName ?? 'Staff';
}

function Message({ message, summary }: { message: ChatMessage; summary: ConversationSummary }) {
  const who = senderName(message, summary);
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

/** A line from the program, not from a person: it says when a silent chat will close. */
function Notice({ notice }: { notice: ConversationNotice }) {
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
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
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
    // Enter sends; Shift+Enter is a new line; Enter that confirms an input method's composition is left alone.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

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
  const title = [channelLabel(summary.channel), summary.language ? languageLabel(summary.language) : null]
    .filter(Boolean)
    .join(' · ');

  return (
    <section class="chat" aria-labelledby="chat-heading">
      <div class="chat-head">
        <h2 id="chat-heading">
          {title} <span class="muted">since {timeLabel(summary.createdAt)}</span>
        </h2>
        <div class="end">
          {confirming ? (
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
      {sms && <SmsPanel conversationId={summary.id} />}
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
          {timeline(messages, notices).map((item) =>
            item.kind === 'message' ? (
              <Message key={item.message.clientId} message={item.message} summary={summary} />
            ) : (
              <Notice key={`notice-${item.notice.closesAt}`} notice={item.notice} />
            ),
          )}
        </ol>
      </div>
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
          {sms && `Sent as a text message to their phone, up to ${SMS_MAX_CHARS} characters. `}Enter sends. Shift+Enter starts a new line.
        </p>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={sending}>
          Send
        </button>
      </form>
    </section>
  );
}
