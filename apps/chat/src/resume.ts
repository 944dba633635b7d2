/*
 * Resume after a reload, only when the program turns it on (RESUME=on). The one place this page
 * writes anything to the browser: sessionStorage, which lives as long as the tab. It holds the
 * conversation id, its token, its secret S and the participant's key pair E (so the page can go on
 * answering staff devices), and the program public key. Forgotten at close and at quick exit.
 */
import { deriveMessageKeys, fromBase64Url, importPublicKey, toBase64Url } from '@lantern/crypto';
import type { Conversation } from './conversation';

// A neutral name: the store is visible to anyone who opens the browser's developer tools.
const KEY = 'r';
const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

interface Saved {
  id: string;
  token: string;
  language: string;
  secret: string;
  participant: string;
  participantKey: string;
  programKey: string;
}

export async function remember(conversation: Conversation, language: string): Promise<void> {
  const saved: Saved = {
    id: conversation.id,
    token: conversation.token,
    language,
    secret: toBase64Url(conversation.secret),
    participant: toBase64Url(new Uint8Array(await crypto.subtle.exportKey('pkcs8', conversation.participant.privateKey))),
    participantKey: conversation.participantKey,
    programKey: toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', conversation.programKey))),
  };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage refused (private mode, quota): the chat works, it just will not survive a reload.
  }
}

/** The saved conversation, its keys imported again; null when there is none or it is unreadable. */
export async function recall(): Promise<{ conversation: Conversation; language: string } | null> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Saved | null;
    if (!saved) return null;
    const secret = fromBase64Url(saved.secret);
    const privateKey = await crypto.subtle.importKey('pkcs8', fromBase64Url(saved.participant), P256, true, ['deriveBits']);
    const publicKey = await importPublicKey(saved.participantKey);
    const conversation: Conversation = {
      id: saved.id,
      token: saved.token,
      keys: await deriveMessageKeys(secret, saved.id),
      secret,
      participant: { privateKey, publicKey },
      participantKey: saved.participantKey,
      programKey: await importPublicKey(saved.programKey),
    };
    return { conversation, language: saved.language };
  } catch {
    forget();
    return null;
  }
}

export function forget(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored, or no storage at all.
  }
}
