import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * WebSocket upgrades from a page of another origin are refused: a browser always sends Origin,
 * so a foreign site cannot open a socket to us with a visitor's browser. Same-origin pages and
 * the listed origins pass; clients with no Origin (not browsers) hold their own tokens anyway.
 */
export function originCheck(allowed: string[]) {
  const allowList = new Set(allowed);
  return async function checkOrigin(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return reply.code(403).send({ error: 'forbidden', message: 'This origin may not open a connection.' });
    }
    if (parsed.host === request.headers.host || allowList.has(parsed.origin)) return;
    return reply.code(403).send({ error: 'forbidden', message: 'This origin may not open a connection.' });
  };
}
