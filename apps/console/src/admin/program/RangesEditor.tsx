import { MAX_RANGES, newRange, rangeInputId, type RangeDraft } from './hours-draft';

interface Props {
  /** The day or date these ranges belong to, for the buttons' accessible names. */
  name: string;
  /** Unique on the page, for the add button's id. */
  idBase: string;
  /** Said when there is no range yet. */
  emptyText: string;
  ranges: RangeDraft[];
  onChange(ranges: RangeDraft[]): void;
  disabled: boolean;
}

/** One day's open ranges: a from and a to time each, added and removed. */
export function RangesEditor({ name, idBase, emptyText, ranges, onChange, disabled }: Props) {
  const edit = (id: number, patch: Partial<RangeDraft>) => onChange(ranges.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const add = () => {
    const last = ranges.at(-1);
    // After the last range, a plausible next one; the first range of a day starts at office hours.
    const range = last ? newRange(last.to === '00:00' ? '18:00' : last.to, '00:00') : newRange();
    onChange([...ranges, range]);
    requestAnimationFrame(() => document.getElementById(rangeInputId(range, 'from'))?.focus());
  };
  const remove = (range: RangeDraft, index: number) => {
    onChange(ranges.filter((r) => r.id !== range.id));
    // Focus stays in this day: on the range before, or on the day's add button.
    const before = ranges[index - 1];
    requestAnimationFrame(() => (before ? document.getElementById(rangeInputId(before, 'from')) : document.getElementById(`add-${idBase}`))?.focus());
  };

  return (
    <div class="ranges">
      {ranges.length === 0 && <p class="muted">{emptyText}</p>}
      <ul class="rows">
        {ranges.map((range, index) => (
          <li key={range.id} class="range">
            <div class="field">
              <label for={rangeInputId(range, 'from')}>From</label>
              <input
                id={rangeInputId(range, 'from')}
                type="time"
                required
                value={range.from}
                disabled={disabled}
                onInput={(e) => edit(range.id, { from: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for={rangeInputId(range, 'to')}>To</label>
              <input
                id={rangeInputId(range, 'to')}
                type="time"
                required
                value={range.to}
                disabled={disabled}
                onInput={(e) => edit(range.id, { to: e.currentTarget.value })}
              />
            </div>
            <button type="button" disabled={disabled} onClick={() => remove(range, index)} aria-label={`Remove ${name} ${range.from}–${range.to}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button type="button" id={`add-${idBase}`} disabled={disabled || ranges.length >= MAX_RANGES} onClick={add} aria-label={`Add hours to ${name}`}>
        Add hours
      </button>
    </div>
  );
}
