import type { Role } from '@lantern/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts } from '../staff/accounts';
import type { StaffRow } from '../store/schema';

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
    if (!member) return reply.code(401).send({ error: 'unauthorized', message: 'Please sign in again.' });
    if (roles.length > 0 && !roles.includes(member.role)) {
      return reply.code(403).send({ error: 'forbidden', message: 'Your role cannot do this.' });
    }
    request.staff = member;
  };
}
