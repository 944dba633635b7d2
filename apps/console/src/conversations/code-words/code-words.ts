import { codeWordMatches } from '@lantern/crypto';
import type { CodeWordInvite, CodeWordIssued, CodeWordRecord } from '@lantern/protocol';
import { CODE_WORD_KIND } from '@lantern/protocol/code-word-text';
import { api } from '../../shared/api';
import { interpreterCouldRead } from './code-word-rules';
import { sendText } from '../conversations';
import { interpreterStates } from '../interpreter/interpreter';
import { currentEpoch, heldProgramPublicKey, programKey } from '../../shared/keys';
import { me } from '../../shared/state';

/*
 * The advocate's side of code words. The server hands out references and keeps code words sealed
 * to the program key; this browser opens one only to compare it with what the participant typed,
 * and shows "Match" or "No match", never the word. The outcome is not sent anywhere.
 */

function refuseWithInterpreter(conversationId: string): void {
  if (interpreterCouldRead(interpreterStates.value.get(conversationId) ?? null)) {
    throw new Error('An interpreter is invited to or in this chat and would read the code word: wait until they have left.');
  }
}

/**
 * Asks the server for a reference (or a new code word for `reference`) and hands it, with the
 * one-time token and the newest program key, to the participant's page end to end encrypted.
 */
export async function inviteCodeWord(conversationId: string, reference?: string): Promise<string> {
  const self = me.value;
  const epoch = self ? currentEpoch(self) : 0;
  // The key this browser opened and checked, not whatever the server lists now.
  const key = heldProgramPublicKey(epoch);
  if (!key) throw new Error('You do not hold the current program key yet.');
  refuseWithInterpreter(conversationId);
  const issued = await api<CodeWordIssued>('POST', '/api/code-words', reference ? { conversationId, reference } : { conversationId });
  const invite: CodeWordInvite = { reference: issued.reference, setToken: issued.setToken, epoch, programKey: key, ...(reference ? { renewal: true } : {}) };
  const problem = await sendText(conversationId, JSON.stringify(invite), CODE_WORD_KIND.issue);
  if (problem) throw new Error(problem);
  return issued.reference;
}

/** In the chat where the participant gave it: only there can the reference then take a new code word. */
export const lookupCodeWord = (reference: string, conversationId: string) => api<CodeWordRecord>('POST', '/api/code-words/lookup', { reference, conversationId });

/** Asks the participant's page for the code word. */
export async function askForCodeWord(conversationId: string): Promise<void> {
  refuseWithInterpreter(conversationId);
  const problem = await sendText(conversationId, '', CODE_WORD_KIND.ask);
  if (problem) throw new Error(problem);
}

export class MissingEpochError extends Error {
  override name = 'MissingEpochError';
  constructor(readonly epoch: number) {
    super(`This code word was sealed to program key epoch ${epoch}, which you do not hold. A colleague who holds it can check it, or the participant can set a new code word.`);
  }
}

/** Opens the sealed code word with the program key of its epoch and compares in constant time. */
export async function answerMatches(record: CodeWordRecord, answer: string): Promise<boolean> {
  const key = programKey(record.epoch);
  if (!key) throw new MissingEpochError(record.epoch);
  return codeWordMatches(key, record.reference, record.sealed, answer);
}
