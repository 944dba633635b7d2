import type { Role } from '@lantern/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '../staff/accounts';
import type { StaffRow } from '../store/schema';
import { hashToken } from '../tokens';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffRow | null;
  }
}

/** Staff sign in with a bearer token kept in the console's memory: no cookie, so no CSRF surface. */
export function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header) : null;
  return match?.[1] ?? null;
}

/** An onRequest hook (before the body is even read) that lets through a signed-in member of one of `roles` (any role when none is named). */
export function requireStaff(accounts: Accounts, ...roles: Role[]) {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const token = bearer(request);
    const member = token ? await accounts.memberForToken(token) : undefined;
    if (!member) {
      if (token && (await accounts.sessionWentIdle(token))) {
        return reply.code(401).send({ error: 'session_idle', message: 'You were signed out after a time without activity. Please sign in again.' });
      }
      return reply.code(401).send({ error: 'unauthorized', message: 'Please sign in again.' });
    }
    if (roles.length > 0 && !roles.includes(member.role)) {
      return reply.code(403).send({ error: 'forbidden', message: 'Your role cannot do this.' });
    }
    request.staff = member;
    sessions.set(request, hashToken(token!));
  };
}

/** The session behind each request a member made, until its response. */
const sessions = new WeakMap<FastifyRequest, string>();

/**
 * A member's request that succeeded is activity: it keeps their session from the idle time-out
 * (STAFF_IDLE_MINUTES). One refused (a bad body, a wrong id) changes nothing, not even that.
 */
export function registerSessionActivity(app: FastifyInstance, accounts: Accounts): void {
  // Before the reply leaves, so the member's next request already finds the session touched.
  app.addHook('onSend', async (request, reply, payload) => {
    const sessionHash = sessions.get(request);
    if (sessionHash && reply.statusCode < 400) await accounts.touch(sessionHash);
    return payload;
  });
}
