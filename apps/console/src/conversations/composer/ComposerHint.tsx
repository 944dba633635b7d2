import { useMemo, useState } from 'preact/hooks';
import { composerHints, hasHints } from './composer-hints';

const quoted = (items: string[]) => items.map((item) => `“${item}”`).join(', ');

/**
 * A gentle, dismissible note under the composer when the draft has shorthand or emoji the
 * participant has not used first (both guides). It never stops a message from being sent.
 */
export function ComposerHint({ draft, participantTexts }: { draft: string; participantTexts: readonly string[] }) {
  const hints = useMemo(() => composerHints(draft, participantTexts), [draft, participantTexts]);
  // Dismissed for exactly these words and emoji: a new one in the draft brings the note back.
  const found = [...hints.slang, ...hints.emoji].join(' ');
  const [dismissed, setDismissed] = useState<string | null>(null);
  const show = hasHints(hints) && dismissed !== found;
  return (
    // Always in the page, so a screen reader announces the note when it appears.
    <div role="status" class="composer-tip-region">
      {show && (
        <div class="composer-tip" id="composer-tip">
          <p>
            {hints.slang.length > 0 && <>Shorthand {quoted(hints.slang)} </>}
            {hints.slang.length > 0 && hints.emoji.length > 0 && 'and '}
            {hints.emoji.length > 0 && <>Emoji {hints.emoji.join(' ')} </>}
            may not read the same way to everyone, and the participant has not used{' '}
            {hints.slang.length + hints.emoji.length === 1 ? 'it' : 'them'} here. Plain words are safer; sending is up to you.
          </p>
          <button type="button" class="link-button" onClick={() => setDismissed(found)}>
            Dismiss this note
          </button>
        </div>
      )}
    </div>
  );
}
