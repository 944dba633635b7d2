import { describe, expect, it } from 'vitest';
import type { TransferCandidate } from '@lantern/protocol';
import { defaultReceiver, keptChoice } from '../src/conversations/transfer/transfer-choice';

let n = 0;
const candidate = (displayName: string, patch: Partial<TransferCandidate> = {}): TransferCandidate => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  displayName,
  role: 'advocate',
  publicKey: 'key',
  epochs: [1],
  openConversations: 0,
  available: true,
  ...patch,
});

describe('the transfer form’s default receiver', () => {
  it('is the available advocate with the fewest open, never an admin who is away', () => {
    const admin = candidate('Aaron', { role: 'admin', available: null, openConversations: 0 });
    const away = candidate('Abby', { available: false, openConversations: 0 });
    const busy = candidate('Blake', { openConversations: 2 });
    const light = candidate('Casey', { openConversations: 1 });
    expect(defaultReceiver([admin, away, busy, light], 1)?.displayName).toBe('Casey');
  });

  it('breaks a tie by name and skips those without the conversation’s key', () => {
    const noKey = candidate('Ada', { epochs: [2] });
    expect(defaultReceiver([candidate('Dana'), noKey, candidate('Cole')], 1)?.displayName).toBe('Cole');
  });

  it('picks nobody when nobody is available, so the choice is explicit', () => {
    expect(defaultReceiver([candidate('Abby', { available: false }), candidate('Sam', { role: 'supervisor', available: null })], 1)).toBeNull();
    expect(keptChoice('', [candidate('Abby', { available: false })], 1)).toBe('');
  });

  it('keeps a choice made on purpose across a refresh while that member can take it', () => {
    const away = candidate('Abby', { available: false });
    const free = candidate('Cole');
    expect(keptChoice(away.id, [away, free], 1)).toBe(away.id);
    expect(keptChoice(away.id, [free], 1)).toBe(free.id);
  });
});
