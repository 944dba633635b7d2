import { signal } from '@preact/signals';

/**
 * A short name the member gives a conversation to tell it from the others ("A", "Tuesday caller").
 * It lives in this page's memory only: never sent, gone on reload or sign-out, dropped when the
 * conversation leaves this console.
 */
export const MAX_CARD_LABEL = 40;
export const cardLabels = signal<ReadonlyMap<string, string>>(new Map());

export const cardLabelOf = (conversationId: string) => cardLabels.value.get(conversationId) ?? '';

export function setCardLabel(conversationId: string, label: string): void {
  const next = new Map(cardLabels.value);
  const clean = [...label.replace(/\s+/g, ' ').trimStart()].slice(0, MAX_CARD_LABEL).join('');
  if (clean.trim()) next.set(conversationId, clean);
  else next.delete(conversationId);
  cardLabels.value = next;
}

/** Labels of conversations no longer listed here go with them. */
export function keepCardLabels(listed: ReadonlySet<string>): void {
  if ([...cardLabels.value.keys()].every((id) => listed.has(id))) return;
  cardLabels.value = new Map([...cardLabels.value].filter(([id]) => listed.has(id)));
}
