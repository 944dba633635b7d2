/**
 * A JSON POST that carries nothing of the participant's browser beyond the body: no cookie, no
 * cached copy, no referrer. `keepalive` lets it outlive a page that is going away.
 */
export function postJson(path: string, body: unknown, keepalive = false): Promise<Response> {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    keepalive,
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
}
