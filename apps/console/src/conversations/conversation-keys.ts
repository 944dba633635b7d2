import {
  deriveMessageKeys,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
  openSecretGrant,
  sealEscrow,
  type ConversationKeys,
} from '@lantern/crypto';
import type { ConversationSummary, KeyGrantFrame } from '@lantern/protocol';
import { heldProgramPublicKey, programKey } from '../shared/keys';
import { send } from '../shared/socket';
import { me } from '../shared/state';

/*
 * Protocol v2: this tab gets each conversation's secret S from its holder (the participant's page,
 * or the server for a text) through the server. For each conversation it opens, the tab makes a key
 * pair that lives only in its memory; the holder seals S to it under ECDH with the program key
 * too. S, and the keys from it, leave memory when the conversation does: nothing the server keeps
 * opens the conversation afterwards.
 */

/** How often a request goes again while no answer has come (the participant's page may be reconnecting). */
const ASK_AGAIN_MS = 3_000;

export interface OpenedConversation {
  keys: ConversationKeys;
  secret: Uint8Array<ArrayBuffer>;
}

interface Asking {
  summary: ConversationSummary;
  promise: Promise<OpenedConversation>;
  device: Promise<{ pair: CryptoKeyPair; publicKey: string }>;
  resolve(opened: OpenedConversation): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setInterval> | undefined;
  opened: boolean;
}

const asking = new Map<string, Asking>();

/**
 * Starts asking for a conversation's secret; resolves once a grant for this tab's device key
 * opens. Call after the conversation was synced on the socket (the server sends grants only to
 * sockets that synced it).
 */
export function openConversationKeys(summary: ConversationSummary): Promise<OpenedConversation> {
  forgetConversationKeys(summary.id);
  const device = generateKeyPair().then(async (pair) => ({ pair, publicKey: await exportPublicKey(pair.publicKey) }));
  let settle: Pick<Asking, 'resolve' | 'reject'> = { resolve: () => {}, reject: () => {} };
  const promise = new Promise<OpenedConversation>((resolve, reject) => (settle = { resolve, reject }));
  // Failures surface where the keys are used; this only stops an unhandled rejection.
  promise.catch(() => {});
  const entry: Asking = { summary, promise, device, ...settle, timer: undefined, opened: false };
  asking.set(summary.id, entry);
  const ask = () => void device.then(({ publicKey }) => send({ type: 'key_request', conversationId: summary.id, deviceKey: publicKey }));
  ask();
  entry.timer = setInterval(() => (asking.get(summary.id) === entry && !entry.opened ? ask() : clearInterval(entry.timer)), ASK_AGAIN_MS);
  return promise;
}

/** The secret of a conversation this tab holds, for handing it on in a link (interpreter) or a note (transfer). */
export async function secretOf(conversationId: string): Promise<Uint8Array<ArrayBuffer> | null> {
  const entry = asking.get(conversationId);
  if (!entry) return null;
  try {
    return (await entry.promise).secret;
  } catch {
    return null;
  }
}

/** Waits (up to 30 s) for a conversation just handed to this member to be held here and its secret opened. */
export async function secretWhenHeld(conversationId: string, timeoutMs = 30_000): Promise<Uint8Array<ArrayBuffer> | null> {
  const until = Date.now() + timeoutMs;
  while (!asking.has(conversationId) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 200));
  return secretOf(conversationId);
}

/** A grant for some tab of the conversation's staff: this one opens only the grant sealed to its own device key. */
export async function onKeyGrant(frame: KeyGrantFrame): Promise<void> {
  const entry = asking.get(frame.conversationId);
  if (!entry || entry.opened) return;
  const { pair, publicKey } = await entry.device;
  if (frame.deviceKey !== publicKey) return;
  const { summary } = entry;
  // Only the conversation's holder hands its secret on (its key is the one the conversation started with).
  if (!summary.participantKey || frame.fromKey !== summary.participantKey) return;
  const program = programKey(summary.epoch);
  if (!program) return entry.reject(new Error(`No program key for epoch ${summary.epoch}`));
  try {
    const holder = await importPublicKey(summary.participantKey);
    const secret = await openSecretGrant(frame.sealed, program, holder, pair.privateKey, holder, {
      conversationId: summary.id,
      fromPublic: frame.fromKey,
      toPublic: publicKey,
    });
    if (asking.get(summary.id) !== entry) return;
    entry.opened = true;
    clearInterval(entry.timer);
    entry.resolve({ keys: await deriveMessageKeys(secret, summary.id), secret });
    await keepForProgram(summary, secret);
  } catch {
    // Not for this device, or tampered with: wait for the next answer.
  }
}

/**
 * Retention above 0: the holder leaves the secret sealed to the program key, the one way the
 * program reads a closed conversation until its purge.
 */
async function keepForProgram(summary: ConversationSummary, secret: Uint8Array<ArrayBuffer>): Promise<void> {
  if (!summary.escrowWanted || summary.assignedTo?.id !== me.value?.id) return;
  // Sealed to the key this browser checked, not to whatever the server lists now.
  const published = heldProgramPublicKey(summary.epoch);
  if (!published) return;
  const sealed = await sealEscrow(secret, summary.id, await importPublicKey(published));
  send({ type: 'escrow', conversationId: summary.id, sealed });
}

/** The device key pair and any wait for the conversation go; keys already handed out go with their holder. */
export function forgetConversationKeys(conversationId: string): void {
  const entry = asking.get(conversationId);
  if (!entry) return;
  clearInterval(entry.timer);
  asking.delete(conversationId);
  if (!entry.opened) entry.reject(new Error('The conversation is no longer open here.'));
}

export function clearConversationKeys(): void {
  for (const id of [...asking.keys()]) forgetConversationKeys(id);
}
