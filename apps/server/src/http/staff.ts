import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AcceptInvite,
  ChangePassword,
  CreateInvite,
  Deactivated,
  ErrorReply,
  GrantUpload,
  InviteCreated,
  InviteParams,
  PendingInvites,
  LockedReply,
  Login,
  MemberParams,
  PreLogin,
  PreLoginReply,
  RotateProgramKey,
  Session,
  SetParticipantName,
  Setup,
  StaffList,
  StaffSelf,
  type Role,
} from '@lantern/protocol';
import { LockedError, type Accounts } from '../staff/accounts';
import { bearer, requireStaff as staffOnly } from './staff-auth';

export interface StaffRoutesOptions {
  accounts: Accounts;
}

const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;
const noContent = { 204: Type.Null(), ...errors } as const;

export const staffRoutes: FastifyPluginAsyncTypebox<StaffRoutesOptions> = async (app, { accounts }) => {
  const requireStaff = (...roles: Role[]) => staffOnly(accounts, ...roles);

  app.post('/api/setup', { schema: { body: Setup, response: { 201: Session, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await accounts.setup(request.body)),
  );

  app.post('/api/staff/accept', { schema: { body: AcceptInvite, response: { 201: Session, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await accounts.acceptInvite(request.body)),
  );

  app.post('/api/staff/prelogin', { schema: { body: PreLogin, response: { 200: PreLoginReply, ...errors } } }, async (request) => ({
    kdf: await accounts.prelogin(request.body.username),
  }));

  app.post('/api/staff/login', { schema: { body: Login, response: { 200: Session, 423: LockedReply, ...errors } } }, async (request, reply) => {
    const { username, loginProof, totpCode, totp } = request.body;
    try {
      return await accounts.login(username, loginProof, totpCode, totp);
    } catch (error) {
      if (!(error instanceof LockedError)) throw error;
      return reply.code(423).send({ error: 'locked', message: error.message, until: error.until.toISOString() });
    }
  });

  app.post('/api/staff/password', { onRequest: requireStaff(), schema: { body: ChangePassword, response: noContent } }, async (request, reply) => {
    await accounts.changePassword(request.staff!, bearer(request)!, request.body);
    return reply.code(204).send(null);
  });

  app.post('/api/staff/logout', { onRequest: requireStaff(), schema: { response: noContent } }, async (request, reply) => {
    await accounts.logout(bearer(request)!, request.staff!.id);
    return reply.code(204).send(null);
  });

  app.get('/api/staff/me', { onRequest: requireStaff(), schema: { response: { 200: StaffSelf, ...errors } } }, async (request) =>
    accounts.self(request.staff!),
  );

  app.put(
    '/api/staff/me/participant-name',
    { onRequest: requireStaff(), schema: { body: SetParticipantName, response: noContent } },
    async (request, reply) => {
      await accounts.setParticipantName(request.staff!, request.body.participantName);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/staff/invites',
    { onRequest: requireStaff('admin'), schema: { body: CreateInvite, response: { 201: InviteCreated, ...errors } } },
    async (request, reply) => reply.code(201).send(await accounts.createInvite(request.body.role, request.staff!.id)),
  );

  app.get('/api/staff/invites', { onRequest: requireStaff('admin'), schema: { response: { 200: PendingInvites, ...errors } } }, async () =>
    accounts.pendingInvites(),
  );

  app.delete(
    '/api/staff/invites/:id',
    { onRequest: requireStaff('admin'), schema: { params: InviteParams, response: noContent } },
    async (request, reply) => {
      await accounts.revokeInvite(request.params.id, request.staff!.id);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/staff/members', { onRequest: requireStaff('admin'), schema: { response: { 200: StaffList, ...errors } } }, async () =>
    accounts.members(),
  );

  app.post(
    '/api/staff/members/:id/deactivate',
    { onRequest: requireStaff('admin'), schema: { params: MemberParams, response: { 200: Deactivated, ...errors } } },
    async (request) => accounts.deactivate(request.params.id, request.staff!.id),
  );

  app.post(
    '/api/admin/program-keys',
    { onRequest: requireStaff('admin'), schema: { body: RotateProgramKey, response: { 201: Type.Null(), ...errors } } },
    async (request, reply) => {
      await accounts.rotateProgramKey(request.body, request.staff!.id);
      return reply.code(201).send(null);
    },
  );

  app.post(
    '/api/staff/members/:id/grants',
    { onRequest: requireStaff('admin'), schema: { params: MemberParams, body: GrantUpload, response: noContent } },
    async (request, reply) => {
      await accounts.grant(request.params.id, request.body.epoch, request.body.sealed, request.staff!.id, request.body.attestation);
      return reply.code(204).send(null);
    },
  );
};
