import { fromBase64Url, INTERPRETER_KEYS_BYTES } from '@lantern/crypto';

/** What the advocate's link carries in its fragment: the single-use token and the conversation keys. */
export interface InterpreterLink {
  token: string;
  keys: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The link's `#t=…&k=…`, or null when either part is missing or malformed (nothing is spent then). */
export function readLink(hash: string): InterpreterLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('t');
  const keys = params.get('k');
  if (!token || !keys || !TOKEN.test(token)) return null;
  try {
    if (fromBase64Url(keys).length !== INTERPRETER_KEYS_BYTES) return null;
  } catch {
    return null;
  }
  return { token, keys };
}
