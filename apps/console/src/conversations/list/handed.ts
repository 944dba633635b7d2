import { signal } from '@preact/signals';

/*
 * Conversations routing hands to this member open by themselves, unless the member is typing:
 * moving the conversation from under their fingers could send their words to the wrong person.
 * Then the new one is announced and its card marked New until they open it. One that opened by
 * itself stays until the member has touched it, so a burst of arrivals does not flick past.
 */

/** Handed to this member and not opened yet: their cards say New. */
export const handedNew = signal<ReadonlySet<string>>(new Set());
/** Handed and opened by itself (not by the member): still news for the tone and desktop alert. */
export const openedByItself = new Set<string>();

/** A pause this long after the last key in an empty field is no longer typing. */
export const TYPING_PAUSE_MS = 10_000;

export interface Situation {
  /** Focus is in a text field (a composer, a transfer note, a label, the shift end…). */
  inField: boolean;
  /** What that field holds. */
  value: string;
  /** When a key was last pressed in a text field (ms), or null. */
  lastKeyAt: number | null;
  /** The open conversation opened by itself at this time (ms) and is still open, or null. */
  openedByItselfAt: number | null;
  /** When the member last clicked or typed in the open conversation (ms), or null. */
  touchedAt: number | null;
  now: number;
}

/** Whether the member is typing: focus in a text field, with words in it or a key just pressed. */
export function isTyping({ inField, value, lastKeyAt, now }: Situation): boolean {
  if (!inField) return false;
  return value.trim() !== '' || (lastKeyAt !== null && now - lastKeyAt < TYPING_PAUSE_MS);
}

/** Whether a conversation just handed may take the screen: not while typing, nor over one that opened by itself and was not touched yet. */
export function mayOpenHanded(situation: Situation): boolean {
  if (isTyping(situation)) return false;
  const { openedByItselfAt, touchedAt } = situation;
  return openedByItselfAt === null || (touchedAt !== null && touchedAt >= openedByItselfAt);
}

const TEXT_INPUTS = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number', 'time']);

function textField(target: EventTarget | Element | null): HTMLInputElement | HTMLTextAreaElement | null {
  if (target instanceof HTMLTextAreaElement) return target;
  return target instanceof HTMLInputElement && TEXT_INPUTS.has(target.type) ? target : null;
}

/** A key that writes (a character, a deletion, a new line), not one that moves between conversations (Alt+↓). */
const writes = (event: KeyboardEvent) =>
  event.isComposing || (!event.altKey && !event.ctrlKey && !event.metaKey && ([...event.key].length === 1 || ['Backspace', 'Delete', 'Enter', 'Process'].includes(event.key)));

let lastKeyAt: number | null = null;
let touchedAt: number | null = null;
let autoOpened: { id: string; at: number } | null = null;

/** Listens for keys in text fields and touches in the open conversation; returns the stop function. */
export function watchTyping(): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (textField(event.target) && writes(event)) lastKeyAt = Date.now();
    onTouch(event);
  };
  const onTouch = (event: Event) => {
    if (event.target instanceof Element && event.target.closest('section.chat')) touchedAt = Date.now();
  };
  addEventListener('keydown', onKey, true);
  addEventListener('pointerdown', onTouch, true);
  return () => {
    removeEventListener('keydown', onKey, true);
    removeEventListener('pointerdown', onTouch, true);
  };
}

/** Whether a conversation just handed may open now, with `openId` the one open. */
export function mayOpenNow(openId: string | null): boolean {
  const field = textField(document.activeElement);
  return mayOpenHanded({
    inField: field !== null,
    value: field?.value ?? '',
    lastKeyAt,
    openedByItselfAt: autoOpened && autoOpened.id === openId ? autoOpened.at : null,
    touchedAt,
    now: Date.now(),
  });
}

/** `id` opened by itself now. */
export function openingByItself(id: string): void {
  openedByItself.add(id);
  autoOpened = { id, at: Date.now() };
}

export function markHanded(ids: string[]): void {
  if (ids.length > 0) handedNew.value = new Set([...handedNew.value, ...ids]);
}

/** Opened, or gone: no longer new. */
export function unmarkHanded(id: string): void {
  if (!handedNew.value.has(id)) return;
  const next = new Set(handedNew.value);
  next.delete(id);
  handedNew.value = next;
}

export function clearHanded(): void {
  handedNew.value = new Set();
  openedByItself.clear();
  lastKeyAt = touchedAt = null;
  autoOpened = null;
}
