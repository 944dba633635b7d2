import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, MemberParams, Notified, SuperviseRequest, TransferCandidates, TransferNotes, TransferRequest } from '@lantern/protocol';
import type { Supervision } from '../conversations/supervision';
import type { Transfers } from '../conversations/transfer';
import type { Accounts } from '../staff/accounts';
import { requireStaff } from './staff-auth';

export interface TransferRoutesOptions {
  transfers: Transfers;
  supervision: Supervision;
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;

/** Transfers, handoff, supervision and debrief requests. Which conversation is in the path; who acts comes from the session. */
export const transferRoutes: FastifyPluginAsyncTypebox<TransferRoutesOptions> = async (app, { transfers, supervision, accounts }) => {
  const anyStaff = requireStaff(accounts);
  const supervisors = requireStaff(accounts, 'supervisor', 'admin');

  app.get('/api/transfers/candidates', { onRequest: anyStaff, schema: { response: { 200: TransferCandidates, ...errors } } }, async (request) => ({
    candidates: await transfers.candidates(request.staff!.id),
  }));

  app.post(
    '/api/conversations/:id/transfer',
    { onRequest: anyStaff, schema: { params: MemberParams, body: TransferRequest, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await transfers.transfer(request.staff!, request.params.id, request.body.toStaffId, request.body.note);
      return reply.code(204).send(null);
    },
  );

  // A POST, not a GET: reading a note deletes it.
  app.post('/api/transfers/notes/open', { onRequest: anyStaff, schema: { response: { 200: TransferNotes, ...errors } } }, async (request) => ({
    notes: await transfers.takeNotes(request.staff!.id),
  }));

  app.post(
    '/api/conversations/:id/supervise',
    { onRequest: supervisors, schema: { params: MemberParams, body: SuperviseRequest, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await supervision.supervise(request.staff!, request.params.id, request.body.action);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/conversations/:id/supervisor-request',
    { onRequest: anyStaff, schema: { params: MemberParams, response: { 200: Notified, ...errors } } },
    async (request) => supervision.requestSupervisor(request.staff!, request.params.id),
  );

  app.post('/api/debrief', { onRequest: anyStaff, schema: { response: { 200: Notified, ...errors } } }, async (request) =>
    supervision.requestDebrief(request.staff!),
  );
};
