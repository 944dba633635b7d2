import type { TransferCandidate } from '@lantern/protocol';

/**
 * Who the transfer form offers before anyone chooses: the available advocate who holds the fewest
 * conversations (a tie goes by name), among those who can open this conversation. Nobody when no
 * advocate is available: a member who is away, or a supervisor, is picked only on purpose, so one
 * click never hands a chat to an empty chair.
 */
export function defaultReceiver(candidates: readonly TransferCandidate[], epoch: number): TransferCandidate | null {
  const ready = candidates.filter((c) => c.available === true && c.role === 'advocate' && c.epochs.includes(epoch));
  ready.sort((a, b) => a.openConversations - b.openConversations || a.displayName.localeCompare(b.displayName));
  return ready[0] ?? null;
}

/** After a refresh: the choice stands while that member can still take it, else the default. */
export function keptChoice(current: string, candidates: readonly TransferCandidate[], epoch: number): string {
  if (current && candidates.some((c) => c.id === current && c.epochs.includes(epoch))) return current;
  return defaultReceiver(candidates, epoch)?.id ?? '';
}
