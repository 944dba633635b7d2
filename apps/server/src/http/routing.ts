import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, RoutingSelf, RoutingSettings, SetAvailability, SetShiftEnd } from '@lantern/protocol';
import { RoutingError, type Routing } from '../conversations/routing';
import type { Accounts } from '../staff/accounts';
import { hashToken } from '../tokens';
import { bearer, requireStaff } from './staff-auth';

export interface RoutingRoutesOptions {
  routing: Routing;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** Each member's availability and shift end; the program's cap and shift-end window, for admins to set. */
export const routingRoutes: FastifyPluginAsyncTypebox<RoutingRoutesOptions> = async (app, { routing, accounts }) => {
  const anyStaff = requireStaff(accounts);

  app.get('/api/staff/routing', { onRequest: anyStaff, schema: { response: { 200: RoutingSelf, ...errors } } }, async (request) =>
    routing.self(request.staff!.id),
  );

  app.put(
    '/api/staff/availability',
    { onRequest: anyStaff, schema: { body: SetAvailability, response: { 200: RoutingSelf, ...errors } } },
    // requireStaff has checked the bearer token: it is there.
    async (request) => routing.setAvailable(request.staff!.id, hashToken(bearer(request)!), request.body.available),
  );

  app.put(
    '/api/staff/shift',
    { onRequest: anyStaff, schema: { body: SetShiftEnd, response: { 200: RoutingSelf, ...errors } } },
    async (request, reply) => {
      const { shiftEndsAt } = request.body;
      try {
        return await routing.setShiftEnd(request.staff!.id, shiftEndsAt ? new Date(shiftEndsAt) : null);
      } catch (error) {
        if (error instanceof RoutingError) return reply.code(400).send({ error: 'bad_request', message: error.message });
        throw error;
      }
    },
  );

  app.put(
    '/api/admin/routing',
    { onRequest: requireStaff(accounts, 'admin'), schema: { body: RoutingSettings, response: { 200: RoutingSettings, ...errors } } },
    async (request) => routing.setSettings(request.body, request.staff!.id),
  );
};
