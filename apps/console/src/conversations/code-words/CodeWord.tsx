import { useEffect, useState } from 'preact/hooks';
import type { CodeWordRecord, ConversationSummary } from '@lantern/protocol';
import { CODE_WORD_KIND, formatReference } from '@lantern/protocol/code-word-text';
import { messagesOf, type ChatMessage } from '../conversations';
import { interpreterCouldRead, readReference } from './code-word-rules';
import { answerMatches, askForCodeWord, inviteCodeWord, lookupCodeWord } from './code-words';
import { dateTimeLabel } from '../../shared/format';
import { interpreterStates } from '../interpreter/interpreter';
import { currentEpoch } from '../../shared/keys';
import { me } from '../../shared/state';
import { describeError } from '../../shared/common';

const lastSeq = (messages: ChatMessage[]) => messages.reduce((max, m) => Math.max(max, m.seq ?? 0), 0);

/** The participant's first reply of these kinds after `afterSeq`: replies come after what they answer. */
const replyAfter = (messages: ChatMessage[], afterSeq: number, kinds: string[]) =>
  messages.find((m) => m.sender === 'participant' && m.kind !== undefined && kinds.includes(m.kind) && (m.seq ?? 0) > afterSeq) ?? null;

type Outcome = 'match' | 'no match';

/**
 * Code words for returning participants, in a web chat: issue a reference (the participant's page
 * then asks them to choose a word, sealed there), or check one. The console shows only Match or
 * No match, never the word, and tells no one the outcome.
 */
export function CodeWord({ summary }: { summary: ConversationSummary }) {
  const messages = messagesOf(summary.id);
  const [issued, setIssued] = useState<{ reference: string; afterSeq: number } | null>(null);
  const [typed, setTyped] = useState('');
  const [check, setCheck] = useState<{ record: CodeWordRecord; afterSeq: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const interpreterPresent = interpreterCouldRead(interpreterStates.value.get(summary.id) ?? null);
  const blocked = busy || interpreterPresent;

  const issueReply = issued ? replyAfter(messages, issued.afterSeq, [CODE_WORD_KIND.set, CODE_WORD_KIND.declined]) : null;
  const answer = check ? replyAfter(messages, check.afterSeq, [CODE_WORD_KIND.answer, CODE_WORD_KIND.declined]) : null;

  useEffect(() => {
    if (!check || !answer || outcome) return;
    if (answer.kind === CODE_WORD_KIND.declined || answer.text === null) return;
    let live = true;
    answerMatches(check.record, answer.text).then(
      (matches) => live && setOutcome(matches ? 'match' : 'no match'),
      (error) => live && setProblem(error instanceof Error && error.name === 'MissingEpochError' ? error.message : describeError(error)),
    );
    return () => {
      live = false;
    };
  }, [answer?.clientId]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof Error && !('status' in error) ? error.message : describeError(error));
    } finally {
      setBusy(false);
    }
  };

  const issue = (reference?: string) =>
    run(async () => {
      const afterSeq = lastSeq(messages);
      const made = await inviteCodeWord(summary.id, reference);
      setIssued({ reference: made, afterSeq });
    });

  const verify = (event: Event) => {
    event.preventDefault();
    const reference = readReference(typed);
    if (!reference) {
      setProblem('A reference is 8 letters and digits, like ABCD-2345.');
      return;
    }
    void run(async () => {
      const record = await lookupCodeWord(reference, summary.id);
      const afterSeq = lastSeq(messages);
      await askForCodeWord(summary.id);
      setOutcome(null);
      setCheck({ record, afterSeq });
    });
  };

  return (
    <section class="code-word-panel" aria-labelledby={`code-word-${summary.id}`}>
      <h3 id={`code-word-${summary.id}`}>Code word</h3>
      <div class="code-word-actions">
        <button type="button" onClick={() => void issue()} disabled={blocked} aria-describedby={interpreterPresent ? `code-word-interpreter-${summary.id}` : undefined}>
          Issue a reference
        </button>
        <form class="code-word-check" onSubmit={verify}>
          <label for={`reference-${summary.id}`}>Reference</label>
          <input
            id={`reference-${summary.id}`}
            value={typed}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={problem && !readReference(typed) ? 'true' : undefined}
            onInput={(e) => setTyped(e.currentTarget.value)}
          />
          <button type="submit" disabled={blocked} aria-describedby={interpreterPresent ? `code-word-interpreter-${summary.id}` : undefined}>
            Verify code word
          </button>
        </form>
      </div>
      {interpreterPresent && (
        <p id={`code-word-interpreter-${summary.id}`} class="hint">
          An interpreter is invited to or in this chat and would read the code word and its one-time token: issue and check code words before they
          join or after they leave.
        </p>
      )}
      <div role="status" class="code-word-status">
        {issued && !issueReply && <p>Reference {formatReference(issued.reference)} sent. Waiting for the participant to choose a code word…</p>}
        {issued && issueReply?.kind === CODE_WORD_KIND.set && <p>The participant saved a code word for reference {formatReference(issued.reference)}.</p>}
        {issued && issueReply?.kind === CODE_WORD_KIND.declined && <p>The participant chose not to set a code word.</p>}
        {check && !answer && <p>Asked the participant for the code word of {formatReference(check.record.reference)}…</p>}
        {check && answer?.kind === CODE_WORD_KIND.declined && <p>The participant chose not to give the code word.</p>}
        {check && outcome && (
          <p>
            <strong class={outcome === 'match' ? 'code-word-match' : 'code-word-no-match'}>{outcome === 'match' ? 'Match' : 'No match'}</strong>
            {' '}for reference {formatReference(check.record.reference)}.
            {outcome === 'no match' && ' Share nothing that only this participant should know.'}
          </p>
        )}
        {check && outcome === 'match' && me.value && check.record.epoch < currentEpoch(me.value) && (
          <p>It is sealed to an older program key (epoch {check.record.epoch}): offer the participant a new one, sealed to the current key.</p>
        )}
        {check && outcome === 'match' && check.record.stale && (
          <p>
            This code word was set on {dateTimeLabel(check.record.setAt)}, more than {check.record.rotationDays} days ago: offer the participant a new
            one.
          </p>
        )}
      </div>
      {check && outcome === 'match' && (
        <button type="button" onClick={() => void issue(check.record.reference)} disabled={blocked}>
          Ask for a new code word
        </button>
      )}
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </section>
  );
}
