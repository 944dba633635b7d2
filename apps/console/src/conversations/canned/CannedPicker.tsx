import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { TargetedKeyboardEvent } from 'preact';
import { cannedMessages, loadCanned, rankCanned } from '../../shared/canned';
import { languageLabel } from '../../shared/format';
import { describeError } from '../../shared/common';

/** "/" in an empty composer, or Ctrl+K (⌘K) anywhere in it, opens the picker. */
export function opensPicker(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>, draft: string): boolean {
  if (event.isComposing) return false;
  if (event.key === '/' && draft === '' && !event.ctrlKey && !event.metaKey && !event.altKey) return true;
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k';
}

/** The draft with `text` in place of the selection, and where the caret goes after it. */
export function insertCanned(draft: string, start: number, end: number, text: string): { draft: string; caret: number } {
  return { draft: draft.slice(0, start) + text + draft.slice(end), caret: start + text.length };
}

/**
 * The program’s canned messages (standard texts), searchable, as an ARIA combobox over a listbox: type to filter,
 * ↑ ↓ to move, Enter to insert into the composer (to edit before sending), Esc to go back.
 * Texts in the conversation's language come first.
 */
export function CannedPicker({ language, onPick, onClose }: { language: string | null; onPick: (text: string) => void; onClose: (refocus: boolean) => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  // Focus in the same task as the picker appears, so keys typed right after Ctrl+K land in the search.
  useLayoutEffect(() => input.current?.focus(), []);

  useEffect(() => {
    loadCanned().then(
      () => setLoaded(true),
      (error) => setProblem(describeError(error)),
    );
  }, []);

  const options = useMemo(() => rankCanned(cannedMessages.value, language, query), [cannedMessages.value, language, query]);
  const current = options[Math.min(active, options.length - 1)];
  const expanded = options.length > 0;

  useEffect(() => {
    if (current) list.current?.querySelector(`#canned-${current.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [current?.id]);

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLInputElement>) => {
    const last = options.length - 1;
    const moves: Record<string, number> = { ArrowDown: Math.min(active + 1, last), ArrowUp: Math.max(active - 1, 0), Home: 0, End: last };
    if (event.key in moves && options.length > 0) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (current) onPick(current.text);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose(true);
    }
  };

  return (
    <div class="canned-picker">
      <label for="canned-search">Search canned messages</label>
      <input
        id="canned-search"
        ref={input}
        type="text"
        role="combobox"
        aria-expanded={expanded ? 'true' : 'false'}
        aria-controls={expanded ? 'canned-list' : undefined}
        aria-autocomplete="list"
        aria-activedescendant={current ? `canned-${current.id}` : undefined}
        aria-describedby="canned-keys"
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => {
          setQuery(e.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // Leaving the picker (Tab, a click elsewhere) closes it; a click on an option is handled first.
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) onClose(false);
        }}
      />
      <p id="canned-keys" class="hint">
        ↑ ↓ to choose, Enter to put it in the message (you can edit it before sending), Esc to go back.
      </p>
      {problem && <p class="error">{problem}</p>}
      {expanded && (
      <ul id="canned-list" role="listbox" aria-label="Canned messages" ref={list} class="canned-list">
        {options.map((option, index) => (
          <li
            key={option.id}
            id={`canned-${option.id}`}
            role="option"
            aria-selected={option === current}
            class={option === current ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setActive(index);
              onPick(option.text);
            }}
          >
            <span class="canned-title" dir="auto">
              {option.title}
            </span>{' '}
            <span class="muted">({languageLabel(option.language)})</span>
            <span class="canned-preview" dir="auto">
              {option.text}
            </span>
          </li>
        ))}
      </ul>
      )}
      {!expanded && !problem && <p class="muted">{!loaded ? 'Loading…' : query ? `No canned message matches “${query}”.` : 'The library is empty: an admin can add some under Canned messages.'}</p>}
    </div>
  );
}
