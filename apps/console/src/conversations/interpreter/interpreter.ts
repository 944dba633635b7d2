import { signal } from '@preact/signals';
import { deriveMessageKeys, exportInterpreterKeys } from '@lantern/crypto';
import type { ConversationSummary, InterpreterFrame, InterpreterInvited, InterpreterState } from '@lantern/protocol';
import { api } from '../../shared/api';
import { secretOf } from '../conversation-keys';
import { markStaffChange } from '../conversations';

/** Where each held conversation's interpreter stands, from the server's `interpreter` frames. */
export const interpreterStates = signal<ReadonlyMap<string, InterpreterState>>(new Map());

export function onInterpreter(frame: InterpreterFrame): void {
  // A change seen live marks the log; the state repeated after every sync does not.
  const before = interpreterStates.value.get(frame.conversationId);
  if (before !== undefined && before !== frame.state) {
    if (frame.state === 'joined') markStaffChange(frame.conversationId, { notice: 'interpreter_joined' });
    else if (before === 'joined') markStaffChange(frame.conversationId, { notice: 'interpreter_left' });
  }
  const next = new Map(interpreterStates.value);
  next.set(frame.conversationId, frame.state);
  interpreterStates.value = next;
}

export function forgetInterpreter(conversationId: string): void {
  if (!interpreterStates.value.has(conversationId)) return;
  const next = new Map(interpreterStates.value);
  next.delete(conversationId);
  interpreterStates.value = next;
}

export function clearInterpreters(): void {
  interpreterStates.value = new Map();
}

/**
 * Asks the server for a single-use invite, then builds the link: the token and this
 * conversation's three direction keys go in the fragment, which no browser sends to a server.
 * The keys are derived extractable here, for this export only.
 */
export async function inviteInterpreter(summary: ConversationSummary): Promise<string> {
  const secret = await secretOf(summary.id);
  if (!secret) throw new Error('This conversation has no keys to share yet.');
  const keys = await deriveMessageKeys(secret, summary.id, true);
  const exported = await exportInterpreterKeys(keys);
  const invite = await api<InterpreterInvited>('POST', `/api/conversations/${encodeURIComponent(summary.id)}/interpreter`);
  return `${invite.url}#t=${invite.token}&k=${exported}`;
}

export const removeInterpreter = (conversationId: string) =>
  api<void>('DELETE', `/api/conversations/${encodeURIComponent(conversationId)}/interpreter`);
