import {
  decryptMessage,
  deriveConversationKeys,
  encryptMessage,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
} from '@lantern/crypto';
import type { ConversationKeys, MessageBody, Sender } from '@lantern/crypto';
import type { ConversationStarted, ErrorReply, StartConversation } from '@lantern/protocol';
import { postJson } from './post';

/** One open conversation. Lives in memory only; the caller drops it at close. */
export interface Conversation {
  id: string;
  token: string;
  keys: ConversationKeys;
}

export type StartFailure = 'network' | 'busy' | 'unavailable' | 'unsupported' | 'failed';

export class StartError extends Error {
  override name = 'StartError';
  readonly kind: StartFailure;
  constructor(kind: StartFailure, detail?: string) {
    super(detail ?? kind);
    this.kind = kind;
  }
}

const isStarted = (value: unknown): value is ConversationStarted => {
  const v = value as ConversationStarted | null;
  return (
    !!v &&
    typeof v.conversationId === 'string' &&
    typeof v.token === 'string' &&
    !!v.programKey &&
    typeof v.programKey.publicKey === 'string'
  );
};

/**
 * Makes the ephemeral pair E (its private half non-extractable, never leaves memory), asks the
 * server for a conversation, and derives the per-direction keys from E and the program key.
 * `exportableKeys` (resume on) lets the derived keys be saved for a reload; E itself never is.
 */
export async function startConversation(language: string, exportableKeys: boolean): Promise<Conversation> {
  // crypto.subtle exists only in secure contexts and reasonably recent browsers.
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new StartError('unsupported');
  let pair: CryptoKeyPair;
  let participantKey: string;
  try {
    pair = await generateKeyPair();
    participantKey = await exportPublicKey(pair.publicKey);
  } catch (error) {
    throw new StartError('unsupported', String(error));
  }

  const request: StartConversation = { participantKey, language };
  let response: Response;
  try {
    response = await postJson('/api/conversations', request);
  } catch (error) {
    throw new StartError('network', String(error));
  }
  const reply: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = (reply as ErrorReply | null)?.error;
    if (response.status === 429) throw new StartError('busy', detail);
    if (response.status === 503) throw new StartError('unavailable', detail);
    throw new StartError('failed', detail ?? String(response.status));
  }
  if (!isStarted(reply)) throw new StartError('failed', 'unexpected reply');

  try {
    const programKey = await importPublicKey(reply.programKey.publicKey);
    const keys = await deriveConversationKeys(pair.privateKey, programKey, reply.conversationId, exportableKeys);
    return { id: reply.conversationId, token: reply.token, keys };
  } catch (error) {
    throw new StartError('failed', String(error));
  }
}

/** Throws MessageTooLongError when the text does not fit the largest padding bucket. `kind`: a structured message (code word). */
export function sealText(conversation: Conversation, clientId: string, text: string, kind?: string): Promise<string> {
  return encryptMessage(conversation.keys, 'participant', clientId, kind === undefined ? { text } : { text, kind });
}

export async function openText(
  conversation: Conversation,
  sender: Sender,
  clientId: string,
  body: string,
): Promise<MessageBody> {
  return decryptMessage(conversation.keys, sender, clientId, body);
}

const END_PATH = '/api/conversations/end';

/**
 * Asks the server to close the conversation in a way that outlives this page: quick exit leaves
 * at once, and the socket may be down. A beacon where there is one, else a keepalive fetch.
 */
export function endConversation(token: string): void {
  const body = JSON.stringify({ token });
  try {
    if (navigator.sendBeacon && navigator.sendBeacon(END_PATH, new Blob([body], { type: 'application/json' }))) return;
  } catch {
    // Some browsers refuse a JSON beacon: the fetch below does the same job.
  }
  postJson(END_PATH, { token }, true).catch(() => {
    // Nothing more a page that is going away can do; staff still see it and can close it.
  });
}
