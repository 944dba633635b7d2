import { ProviderError } from './types';

const TIMEOUT_MS = 10_000;

export interface ApiReply {
  status: number;
  /** The parsed JSON reply, or null. Never logged: a provider's error text may quote the number. */
  json: unknown;
}

/** One call to a provider's REST API with a time limit; a network failure is a retryable ProviderError. */
export async function callApi(url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<ApiReply> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch {
    throw new ProviderError('network', true);
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { status: response.status, json };
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Server errors and rate limits pass; a refusal (bad number, opted out) does not. */
export const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** Reads a field of a JSON reply without trusting its shape. */
export function field(json: unknown, ...path: Array<string | number>): unknown {
  let value: unknown = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

/** A short, content-free code for an error reply: the provider's own error number when it gives one. */
export function errorCode(provider: string, status: number, code: unknown): string {
  const safe = typeof code === 'number' || (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) ? `-${code}` : '';
  return `${provider}-${status}${safe}`;
}

/** A webhook's JSON body, or null when it is not JSON. */
export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
}
