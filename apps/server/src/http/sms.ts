import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorReply, SendSms, StartOutbound, Uuid } from '@lantern/protocol';
import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../audit/audit-log';
import type { Bus } from '../bus/bus';
import type { ConversationService } from '../conversations/service';
import type { ServerHeldSecrets } from '../conversations/server-held';
import { startSms, type Sms } from '../sms/index';
import type { OpenHours } from '../sms/hours';
import type { ProviderName } from '../sms/providers/types';
import type { Accounts } from '../staff/accounts';
import type { Db } from '../store/db';
import type { ProgramNotices } from '../notices/program-notices';
import { deletionStatus, retryDeletionsNow } from '../sms/store';
import { requireStaff } from './staff-auth';

export interface SmsRoutesOptions {
  db: Db;
  bus: Bus;
  conversations: ConversationService;
  serverHeld: ServerHeldSecrets;
  accounts: Accounts;
  /** The address providers call; Twilio signs it. */
  publicUrl: string;
  programName: string;
  isOpen?: OpenHours;
  audit: AuditLog;
  /** The start and end notices an admin wrote in the Notices tab, before the SMS module's own. */
  programNotices?: ProgramNotices;
}


const errors = { '4xx': ErrorReply, '5xx': ErrorReply } as const;
const strict = { additionalProperties: false } as const;
const ConversationParams = Type.Object({ id: Uuid }, strict);

const SmsStatus = Type.Object({ enabled: Type.Boolean(), outbound: Type.Boolean() });
const OutboundStarted = Type.Object({ conversationId: Uuid, number: Type.String() });
const SmsDetails = Type.Object({ provider: Type.String(), number: Type.String(), stopped: Type.Boolean() });
const RevealedNumber = Type.Object({ number: Type.String() });
const SmsSent = Type.Object({ seq: Type.Integer() });
const DeletionStatus = Type.Object({
  due: Type.Integer(),
  open: Type.Integer(),
  failing: Type.Array(
    Type.Object({
      provider: Type.String(),
      direction: Type.String(),
      attempts: Type.Integer(),
      lastError: Type.String(),
      nextTryAt: Type.String(),
      createdAt: Type.String(),
    }),
  ),
});

/**
 * SMS: the providers' webhooks, and the staff routes for texting (reply, a new number, the
 * masked number and its reveal, and admins' view of pending provider deletions). Without a
 * provider set up only `GET /api/sms` answers, so the console can hide texting.
 */
export const smsRoutes: FastifyPluginAsyncTypebox<SmsRoutesOptions> = async (app, options) => {
  const sms = await startSms({ ...options, log: app.log });
  app.get('/api/sms', { onRequest: requireStaff(options.accounts), schema: { response: { 200: SmsStatus, ...errors } } }, async () => ({
    enabled: sms !== null,
    outbound: sms?.outbound ?? false,
  }));
  if (!sms) return;
  app.addHook('onClose', async () => sms.stop());
  await app.register(webhookRoutes, { sms, publicUrl: options.publicUrl });

  const staffOf = (request: FastifyRequest) => ({ staffId: request.staff!.id, displayName: request.staff!.display_name });
  const anyStaff = requireStaff(options.accounts);

  app.post(
    '/api/sms/conversations',
    { onRequest: anyStaff, schema: { body: StartOutbound, response: { 201: OutboundStarted, ...errors } } },
    async (request, reply) => reply.code(201).send(await sms.service.startOutbound(staffOf(request), request.body)),
  );

  app.get(
    '/api/sms/conversations/:id',
    { onRequest: anyStaff, schema: { params: ConversationParams, response: { 200: SmsDetails, ...errors } } },
    async (request) => sms.service.details(staffOf(request), request.params.id),
  );

  app.post(
    '/api/sms/conversations/:id/reveal',
    { onRequest: anyStaff, schema: { params: ConversationParams, response: { 200: RevealedNumber, ...errors } } },
    async (request) => sms.service.reveal(staffOf(request), request.params.id),
  );

  app.post(
    '/api/sms/conversations/:id/messages',
    { onRequest: anyStaff, schema: { params: ConversationParams, body: SendSms, response: { 201: SmsSent, ...errors } } },
    async (request, reply) => {
      if (!request.body.text.trim()) return reply.code(400).send({ error: 'bad_request', message: 'The text is empty.' });
      const sent = await sms.service.staffSend(staffOf(request), { conversationId: request.params.id, ...request.body });
      return reply.code(201).send(sent);
    },
  );

  app.get(
    '/api/sms/deletions',
    { onRequest: requireStaff(options.accounts, 'admin'), schema: { response: { 200: DeletionStatus, ...errors } } },
    async () => {
      const status = await deletionStatus(options.db);
      return {
        due: status.due,
        open: status.open,
        failing: status.failing.map((row) => ({
          provider: row.provider,
          direction: row.direction,
          attempts: row.attempts,
          lastError: row.last_error ?? '',
          nextTryAt: row.due_at.toISOString(),
          createdAt: row.created_at.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/sms/deletions/retry',
    { onRequest: requireStaff(options.accounts, 'admin'), schema: { response: { 204: Type.Null(), ...errors } } },
    async (_request, reply) => {
      await retryDeletionsNow(options.db);
      await sms.tick();
      return reply.code(204).send(null);
    },
  );
};

/**
 * The webhooks live in their own context, whose body parsers keep the raw bytes (every
 * provider signs them): the form and JSON parsers of the rest of the app are untouched.
 */
const webhookRoutes: FastifyPluginAsyncTypebox<{ sms: Sms; publicUrl: string }> = async (app, { sms, publicUrl }) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json'], { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );

  app.post(
    '/webhooks/sms/:provider',
    { schema: { params: Type.Object({ provider: Type.String({ maxLength: 16 }) }, strict) } },
    async (request, reply) => {
      const provider = sms.providers.get(request.params.provider as ProviderName);
      if (!provider) return reply.code(404).send({ error: 'not_found', message: 'No such SMS provider is set up here.' });
      const result = provider.readWebhook({
        url: `${publicUrl}${request.url}`,
        headers: request.headers,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        now: new Date(),
      });
      if (!result.ok) {
        if (result.reason === 'malformed') return reply.code(400).send({ error: 'bad_request', message: 'Signed, but not a text message we can read.' });
        return reply.code(403).send({ error: 'forbidden', message: `Refused: the signature is ${SIGNATURE_PROBLEM[result.reason]}.` });
      }
      if (result.text) await sms.service.receive(provider, result.text);
      return reply.code(200).type(provider.webhookReply.contentType).send(provider.webhookReply.body);
    },
  );
};

const SIGNATURE_PROBLEM = { unsigned: 'missing', bad_signature: 'not valid', stale: 'too old' } as const;
