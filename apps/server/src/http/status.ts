import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminSettings, ErrorReply, ServiceStatus, SetHours, SetStatus } from '@lantern/protocol';
import type { Accounts } from '../staff/accounts';
import type { ProgramStatus } from '../program/status-service';
import { requireStaff } from './staff-auth';

export interface StatusRoutesOptions {
  status: ProgramStatus;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** Whether the line is open, for anyone; the switch and the hours, for admins. */
export const statusRoutes: FastifyPluginAsyncTypebox<StatusRoutesOptions> = async (app, { status, accounts }) => {
  app.get('/api/status', { schema: { response: { 200: ServiceStatus } } }, async () => status.current());

  app.get('/api/admin/settings', { onRequest: requireStaff(accounts, 'admin'), schema: { response: { 200: AdminSettings, ...errors } } }, async () =>
    status.settings(),
  );

  app.put(
    '/api/admin/status',
    { onRequest: requireStaff(accounts, 'admin'), schema: { body: SetStatus, response: { 200: ServiceStatus, ...errors } } },
    async (request) => status.set(request.body, request.staff!.id),
  );

  app.put(
    '/api/admin/hours',
    { onRequest: requireStaff(accounts, 'admin'), schema: { body: SetHours, response: { 200: ServiceStatus, ...errors } } },
    async (request, reply) => {
      const hours = request.body.hours;
      if (hours && !validTimeZone(hours.timeZone)) {
        return reply.code(400).send({ error: 'bad_request', message: `unknown time zone '${hours.timeZone}'` });
      }
      return status.setHours(hours, request.staff!.id);
    },
  );
};

function validTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
