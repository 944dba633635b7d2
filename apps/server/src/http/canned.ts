import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CannedInput, CannedList, CannedMessage, CannedParams, ErrorReply } from '@lantern/protocol';
import type { CannedLibrary } from '../canned/library';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface CannedRoutesOptions {
  canned: CannedLibrary;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** Every member reads the library (the composer's picker); admins edit it. */
export const cannedRoutes: FastifyPluginAsyncTypebox<CannedRoutesOptions> = async (app, { canned, accounts }) => {
  app.get('/api/canned', { onRequest: requireStaff(accounts), schema: { response: { 200: CannedList, ...errors } } }, async () => ({
    messages: await canned.list(),
  }));

  app.post(
    '/api/admin/canned',
    { onRequest: requireStaff(accounts, 'admin'), schema: { body: CannedInput, response: { 201: CannedMessage, ...errors } } },
    async (request, reply) => reply.code(201).send(await canned.create(request.body, request.staff!.id)),
  );

  app.put(
    '/api/admin/canned/:id',
    { onRequest: requireStaff(accounts, 'admin'), schema: { params: CannedParams, body: CannedInput, response: { 200: CannedMessage, ...errors } } },
    async (request) => canned.update(request.params.id, request.body, request.staff!.id),
  );

  app.delete(
    '/api/admin/canned/:id',
    { onRequest: requireStaff(accounts, 'admin'), schema: { params: CannedParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await canned.remove(request.params.id, request.staff!.id);
      return reply.code(204).send(null);
    },
  );
};
