/** JSON over HTTP as the pages do it; a non-2xx answer is an error, since the bench only follows happy paths. */

async function request<T>(method: 'GET' | 'POST' | 'PUT', url: string, body: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export const postJson = <T>(url: string, body: unknown, token?: string) => request<T>('POST', url, body, token);
export const putJson = <T>(url: string, body: unknown, token?: string) => request<T>('PUT', url, body, token);
export const getJson = <T>(url: string, token?: string) => request<T>('GET', url, undefined, token);
