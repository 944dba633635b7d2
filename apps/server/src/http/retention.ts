import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, RetentionReply, SetRetention } from '@lantern/protocol';
import type { Retention } from '../program/retention';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface RetentionRoutesOptions {
  retention: Retention;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** Admins: how long a closed conversation's ciphertext is kept (0: deleted at close). */
export const retentionRoutes: FastifyPluginAsyncTypebox<RetentionRoutesOptions> = async (app, { retention, accounts }) => {
  app.get('/api/admin/retention', { onRequest: requireStaff(accounts, 'admin'), schema: { response: { 200: RetentionReply, ...errors } } }, async () =>
    retention.current(),
  );

  app.put(
    '/api/admin/retention',
    { onRequest: requireStaff(accounts, 'admin'), schema: { body: SetRetention, response: { 200: RetentionReply, ...errors } } },
    async (request) => retention.set(request.body.days, request.staff!.id),
  );
};
