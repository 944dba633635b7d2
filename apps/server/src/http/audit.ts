import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditReply, ErrorReply } from '@lantern/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface AuditRoutesOptions {
  audit: AuditLog;
  accounts: Accounts;
}


/** Admins read the newest entries and the chain's verification in one answer. */
export const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { audit, accounts }) => {
  app.get(
    '/api/admin/audit',
    { onRequest: requireStaff(accounts, 'admin'), schema: { response: { 200: AuditReply, '4xx': ErrorReply } } },
    async () => ({ verification: await audit.verify(), entries: await audit.entries() }),
  );
};
