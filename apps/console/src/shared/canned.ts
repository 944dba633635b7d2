import { signal } from '@preact/signals';
import type { CannedList, CannedMessage } from '@lantern/protocol';
import { api } from './api';

/** The program's standard texts, as last read: the picker (conversations/) and the library tab (admin/) share them. */
export const cannedMessages = signal<CannedMessage[]>([]);

export async function loadCanned(): Promise<CannedMessage[]> {
  cannedMessages.value = (await api<CannedList>('GET', '/api/canned')).messages;
  return cannedMessages.value;
}

/** Texts in the conversation's language first (its base: "fr-CA" prefers "fr"), then the rest. */
export function rankCanned(messages: readonly CannedMessage[], language: string | null, query: string): CannedMessage[] {
  const wanted = language?.toLowerCase().split('-')[0] ?? null;
  const terms = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (m: CannedMessage) => {
    const haystack = `${m.title}\n${m.text}`.normalize('NFKC').toLowerCase();
    return terms.every((term) => haystack.includes(term));
  };
  const preferred = (m: CannedMessage) => (wanted && m.language.toLowerCase().split('-')[0] === wanted ? 0 : 1);
  return messages.filter(matches).sort((a, b) => preferred(a) - preferred(b));
}
