import type { ErrorReply } from '@lantern/protocol';

/** The session token lives only in this module's memory: no cookie, no storage, gone on reload. */
let token: string | null = null;

export const setToken = (value: string | null) => {
  token = value;
};
export const getToken = () => token;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error reply, for routes that say more than `{error, message}` (a 423's `until`). */
    readonly reply: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called when an authenticated request comes back 401: the session is over (`code` says why, e.g. `session_idle`). */
let onUnauthorized: ((code: string | undefined) => void) | null = null;
export const setUnauthorizedHandler = (handler: ((code: string | undefined) => void) | null) => {
  onUnauthorized = handler;
};

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const authed = token !== null;
  if (authed) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check the connection and try again.');
  }
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T;
  }
  let reply: Partial<ErrorReply> & Record<string, unknown> = {};
  try {
    reply = (await response.json()) as Partial<ErrorReply>;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line.
  }
  if (response.status === 401 && authed) onUnauthorized?.(reply.error);
  throw new ApiError(response.status, reply.error ?? 'http_error', reply.message ?? `The server answered ${response.status}.`, reply);
}
