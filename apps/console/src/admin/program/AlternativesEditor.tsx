import { useRef } from 'preact/hooks';
import { newId } from './hours-draft';
import type { Alternative } from './program';

/** The server keeps at most this many, each label up to 80 characters and each value up to 200. */
export const MAX_ALTERNATIVES = 10;

export interface AlternativeDraft {
  id: number;
  label: string;
  value: string;
}

export const draftAlternatives = (list: Alternative[]): AlternativeDraft[] => list.map((a) => ({ id: newId(), ...a }));

/** Rows both left empty are dropped; a half-filled row is a mistake to point at. */
export function checkAlternatives(rows: AlternativeDraft[]): { ok: true; list: Alternative[] } | { ok: false; message: string; focusId: string } {
  const list: Alternative[] = [];
  for (const [index, row] of rows.entries()) {
    const label = row.label.trim();
    const value = row.value.trim();
    if (!label && !value) continue;
    if (!label) return { ok: false, message: `Alternative ${index + 1}: give it a label, such as “Hotline”.`, focusId: `alt-${row.id}-label` };
    if (!value) return { ok: false, message: `Alternative ${index + 1}: give the number or address.`, focusId: `alt-${row.id}-value` };
    list.push({ label, value });
  }
  return { ok: true, list };
}

interface Props {
  rows: AlternativeDraft[];
  onChange(rows: AlternativeDraft[]): void;
  disabled: boolean;
}

/** Other ways to reach help, shown to participants when the chat is closed or ends. */
export function AlternativesEditor({ rows, onChange, disabled }: Props) {
  const addButton = useRef<HTMLButtonElement>(null);
  const edit = (id: number, patch: Partial<AlternativeDraft>) => onChange(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const add = () => {
    const row = { id: newId(), label: '', value: '' };
    onChange([...rows, row]);
    // The new row's first field, once it is on the page.
    requestAnimationFrame(() => document.getElementById(`alt-${row.id}-label`)?.focus());
  };
  const remove = (id: number) => {
    onChange(rows.filter((r) => r.id !== id));
    requestAnimationFrame(() => addButton.current?.focus());
  };
  const full = rows.length >= MAX_ALTERNATIVES;

  return (
    <fieldset class="alternatives" aria-describedby="alternatives-hint">
      <legend>Other ways to reach help</legend>
      <p id="alternatives-hint" class="hint">
        Shown to participants when the line is closed and when a chat ends. At most {MAX_ALTERNATIVES}.
      </p>
      {rows.length === 0 && <p class="muted">None.</p>}
      <ol class="rows">
        {rows.map((row, index) => (
          <li key={row.id}>
            <fieldset class="row">
              <legend class="visually-hidden">Alternative {index + 1}</legend>
              <div class="field">
                <label for={`alt-${row.id}-label`}>Label</label>
                <input
                  id={`alt-${row.id}-label`}
                  value={row.label}
                  maxLength={80}
                  disabled={disabled}
                  onInput={(e) => edit(row.id, { label: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for={`alt-${row.id}-value`}>Number or address</label>
                <input
                  id={`alt-${row.id}-value`}
                  value={row.value}
                  maxLength={200}
                  dir="auto"
                  disabled={disabled}
                  onInput={(e) => edit(row.id, { value: e.currentTarget.value })}
                />
              </div>
              <button type="button" disabled={disabled} onClick={() => remove(row.id)} aria-label={`Remove alternative ${index + 1}`}>
                Remove
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" ref={addButton} onClick={add} disabled={disabled || full}>
        Add an alternative
      </button>
      {full && <p class="hint">That is the most the participant page shows.</p>}
    </fieldset>
  );
}
