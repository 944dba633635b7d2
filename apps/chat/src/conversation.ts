import {
  decryptMessage,
  deriveMessageKeys,
  encryptMessage,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
  newConversationSecret,
  sealSecretFromParticipant,
} from '@lantern/crypto';
import type { ConversationKeys, MessageBody, MessageOrder, Sender } from '@lantern/crypto';
import type { ConversationStarted, ErrorReply, KeyGrantFrame, StartConversation } from '@lantern/protocol';
import { postJson } from './post';
import { programKeyAllowed } from './pinned-key';

/**
 * One open conversation. Lives in memory only; the caller drops it at close. `secret` (S) is what
 * every message key comes from; this page hands it, sealed, to each staff device that asks.
 */
export interface Conversation {
  id: string;
  token: string;
  keys: ConversationKeys;
  secret: Uint8Array<ArrayBuffer>;
  /** E: non-extractable unless the program turned resume on. */
  participant: CryptoKeyPair;
  participantKey: string;
  programKey: CryptoKey;
}

export type StartFailure = 'network' | 'busy' | 'unavailable' | 'unsupported' | 'untrusted' | 'failed';

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
 * Makes the ephemeral pair E and the conversation secret S (neither leaves memory), asks the
 * server for a conversation, and derives the per-direction keys from S. `resume` (RESUME=on) makes
 * E extractable so resume.ts can keep S and E for a reload.
 */
export async function startConversation(language: string, resume: boolean): Promise<Conversation> {
  // crypto.subtle exists only in secure contexts and reasonably recent browsers.
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new StartError('unsupported');
  let pair: CryptoKeyPair;
  let participantKey: string;
  try {
    pair = await generateKeyPair(resume);
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
  if (!(await programKeyAllowed(reply.programKey.publicKey))) {
    // Nothing was sealed to it; the conversation the server opened ends unanswered.
    endConversation(reply.token);
    throw new StartError('untrusted', 'program key does not match the pinned fingerprint');
  }

  try {
    const programKey = await importPublicKey(reply.programKey.publicKey);
    const secret = newConversationSecret();
    const keys = await deriveMessageKeys(secret, reply.conversationId);
    return { id: reply.conversationId, token: reply.token, keys, secret, participant: pair, participantKey, programKey };
  } catch (error) {
    throw new StartError('failed', String(error));
  }
}

/**
 * A staff device asked for S: sealed to its one-conversation key under ECDH with the program key
 * too, so only a program-key holder with that device's private key opens it. A key the server
 * made up itself opens nothing for it.
 */
export async function answerKeyRequest(conversation: Conversation, deviceKey: string): Promise<KeyGrantFrame> {
  const sealed = await sealSecretFromParticipant(conversation.secret, conversation.participant.privateKey, conversation.programKey, await importPublicKey(deviceKey), {
    conversationId: conversation.id,
    fromPublic: conversation.participantKey,
    toPublic: deviceKey,
  });
  return { type: 'key_grant', conversationId: conversation.id, deviceKey, fromKey: conversation.participantKey, sealed };
}

/** Throws MessageTooLongError when the text does not fit the largest padding bucket. `kind`: a structured message (code word). */
export function sealText(conversation: Conversation, clientId: string, text: string, order: MessageOrder, kind?: string): Promise<string> {
  return encryptMessage(conversation.keys, 'participant', clientId, kind === undefined ? { text, order } : { text, kind, order });
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
