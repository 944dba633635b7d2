/*
 * Resume after a reload, only when the program turns it on (RESUME=on). The one place this page
 * writes anything to the browser: sessionStorage, which lives as long as the tab. It holds the
 * conversation id, its token and the three per-direction message keys; never E's private key,
 * which stays non-extractable. Forgotten at close and at quick exit.
 */
import { fromBase64Url, SENDERS, toBase64Url, type ConversationKeys, type Sender } from '@lantern/crypto';
import type { Conversation } from './conversation';

// A neutral name: the store is visible to anyone who opens the browser's developer tools.
const KEY = 'r';

interface Saved {
  id: string;
  token: string;
  language: string;
  keys: Record<Sender, string>;
}

export async function remember(conversation: Conversation, language: string): Promise<void> {
  const keys = {} as Record<Sender, string>;
  for (const sender of SENDERS) {
    keys[sender] = toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', conversation.keys.keys[sender])));
  }
  const saved: Saved = { id: conversation.id, token: conversation.token, language, keys };
  try {
    sessionStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage refused (private mode, quota): the chat works, it just will not survive a reload.
  }
}

/** The saved conversation, its keys imported non-extractable; null when there is none or it is unreadable. */
export async function recall(): Promise<{ conversation: Conversation; language: string } | null> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Saved | null;
    if (!saved) return null;
    const keys = {} as Record<Sender, CryptoKey>;
    for (const sender of SENDERS) {
      keys[sender] = await crypto.subtle.importKey('raw', fromBase64Url(saved.keys[sender]), 'AES-GCM', false, ['encrypt', 'decrypt']);
    }
    const conversationKeys: ConversationKeys = { conversationId: saved.id, keys };
    return { conversation: { id: saved.id, token: saved.token, keys: conversationKeys }, language: saved.language };
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
