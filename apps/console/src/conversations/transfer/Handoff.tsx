import { useEffect, useRef, useState } from 'preact/hooks';
import { mine } from '../conversations';
import { channelLabel, languageLabel, timeLabel } from '../../shared/format';
import { routingSelf } from '../../shared/routing-self';
import { now } from '../../shared/state';
import { TransferForm } from './Transfer';

/**
 * Shift-end handoff: each conversation this member holds, with a one-step transfer (receiver and
 * an optional sealed note). Opens from the header, and by itself once the member's shift end has
 * passed while they still hold conversations.
 */
export function Handoff() {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const shownFor = useRef<string | null>(null);
  const shiftEndsAt = routingSelf.value?.shiftEndsAt ?? null;
  const held = mine.value;

  useEffect(() => {
    if (!shiftEndsAt || shownFor.current === shiftEndsAt || held.length === 0) return;
    if (now.value >= Date.parse(shiftEndsAt)) {
      shownFor.current = shiftEndsAt;
      setOpen(true);
    }
  }, [shiftEndsAt, now.value, held.length]);

  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    setDone(null);
    requestAnimationFrame(() => opener.current?.focus());
  };

  return (
    <>
      <button type="button" ref={opener} aria-expanded={open} onClick={() => (open ? close() : setOpen(true))}>
        Hand off{held.length > 0 ? ` (${held.length})` : ''}
      </button>
      {open && (
        <section class="handoff card" aria-labelledby="handoff-heading">
          <h2 id="handoff-heading" ref={heading} tabIndex={-1}>
            Hand off your conversations
          </h2>
          {shiftEndsAt && now.value >= Date.parse(shiftEndsAt) && <p>Your shift has ended. Pass on what you still hold.</p>}
          <p role="status">{done}</p>
          {held.length === 0 && <p class="muted">You hold no conversations.</p>}
          <ul class="handoff-list">
            {held.map((c) => (
              <li key={c.id}>
                <h3>
                  {[channelLabel(c.channel), c.language ? languageLabel(c.language) : null].filter(Boolean).join(' · ')}{' '}
                  <span class="muted">since {timeLabel(c.createdAt)}</span>
                </h3>
                <TransferForm summary={c} autoFocus={false} onDone={(to) => setDone(`Transferred to ${to}.`)} />
              </li>
            ))}
          </ul>
          <button type="button" onClick={close}>
            Close
          </button>
        </section>
      )}
    </>
  );
}
