import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, InterpreterInvited, InterpreterParams, InterpreterSession, RedeemInterpreter } from '@lantern/protocol';
import type { InterpreterService } from '../interpreters/service';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface InterpreterRoutesOptions {
  interpreters: InterpreterService;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/**
 * The advocate invites and removes an interpreter (any role, for a conversation they hold; the
 * service checks that); the interpreter's page redeems its link's token once. No route ever
 * takes the link's keys.
 */
export const interpreterRoutes: FastifyPluginAsyncTypebox<InterpreterRoutesOptions> = async (app, { interpreters, accounts }) => {
  app.post(
    '/api/conversations/:id/interpreter',
    { onRequest: requireStaff(accounts), schema: { params: InterpreterParams, response: { 201: InterpreterInvited, ...errors } } },
    async (request, reply) => reply.code(201).send(await interpreters.invite(request.staff!.id, request.params.id)),
  );

  app.delete(
    '/api/conversations/:id/interpreter',
    { onRequest: requireStaff(accounts), schema: { params: InterpreterParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await interpreters.remove(request.staff!.id, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/interpreter/redeem',
    { schema: { body: RedeemInterpreter, response: { 200: InterpreterSession, ...errors } } },
    async (request) => interpreters.redeem(request.body.token),
  );
};
