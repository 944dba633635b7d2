import { fileURLToPath } from 'node:url';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Bus } from './bus/bus';
import { chatPageConfig, type Config } from './config';
import { ConversationService } from './conversations/service';
import { AuditLog } from './audit/audit-log';
import { registerAbuseLimits } from './http/abuse-limits';
import { auditRoutes } from './http/audit';
import { registerErrorHandling } from './http/errors';
import { registerHeaders } from './http/headers';
import { originCheck } from './http/origin';
import { registerPages } from './http/pages';
import { smsRoutes } from './http/sms';
import { participantRoutes } from './http/participant';
import { staffRoutes } from './http/staff';
import { statusRoutes } from './http/status';
import { ProgramStatus } from './program/status-service';
import { Sweeper } from './jobs/sweeper';
import { Gateway } from './realtime/gateway';
import { Accounts } from './staff/accounts';
import type { Store } from './store/db';
import { ensureProgram } from './store/program';
import { WS_PATH } from '@lantern/protocol';

export interface AppOptions {
  config: Config;
  store: Store;
  bus: Bus;
  logger: Logger;
  /** Shared counters for sign-in limits across nodes; unset: counted per process. */
  redis?: Redis | undefined;
  /** The time conversation timers run on; tests pass a fake one. */
  clock?: () => Date;
}

export const MAX_BODY_BYTES = 64 * 1024;

const appsDir = fileURLToPath(new URL('../../', import.meta.url));

export async function buildApp({ config, store, bus, logger, redis, clock = () => new Date() }: AppOptions) {
  const base = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Fastify's own request log holds the client address; ours below holds route, status and time only.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  });
  // The route table, for the tests that must visit every route (role checks, fuzzing).
  const routes: Array<{ method: string; url: string }> = [];
  base.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  registerErrorHandling(base);
  await registerHeaders(base);
  const program = await ensureProgram(store.db, config.programName);
  await registerAbuseLimits(base, { limits: config.limits, redis, serverSecret: program.server_secret });
  // JSON only: a cross-site form can send text/plain or form bodies, never application/json.
  base.removeContentTypeParser('text/plain');
  base.decorateRequest('staff', null);
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  const audit = new AuditLog(store.db, clock);
  const accounts = new Accounts(store.db, bus, audit);
  const status = new ProgramStatus(store.db, bus, config.alternatives, clock, audit);
  const conversations = new ConversationService(store.db, bus, config.retentionDays, status, audit, clock);
  const sweeper = new Sweeper(store.db, bus, config, app.log, clock);
  const gateway = new Gateway(conversations, accounts, bus, app.log, config.limits);

  app.addHook('onResponse', async (request, reply) => {
    app.log.info(
      { method: request.method, route: request.routeOptions.url ?? '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  await app.register(websocket, {
    options: { maxPayload: MAX_BODY_BYTES },
    // In place of the plugin's own close (no code): 1012 tells clients to come back, to another node.
    preClose: async function (this: { websocketServer: { close(): void } }) {
      await gateway.drain();
      this.websocketServer.close();
    },
  });

  app.get('/healthz', async () => ({ ok: true }));
  await app.register(participantRoutes, { conversations, accounts, programName: config.programName });
  await app.register(staffRoutes, { accounts });
  await app.register(statusRoutes, { status, accounts });
  await app.register(auditRoutes, { audit, accounts });
  await app.register(smsRoutes, {
    db: store.db,
    bus,
    conversations,
    accounts,
    audit,
    publicUrl: config.publicUrl,
    programName: config.programName,
    isOpen: async () => (await status.current()).state === 'open',
  });
  app.get(WS_PATH, { websocket: true, preValidation: originCheck(config.allowedOrigins) }, (socket) => gateway.accept(socket));
  await registerPages(base, {
    chatDist: `${appsDir}chat/dist`,
    consoleDist: `${appsDir}console/dist`,
    chatConfig: chatPageConfig(config),
  });
  app.addHook('onReady', async () => sweeper.start(config.sweepIntervalMs));
  app.addHook('onClose', async () => {
    gateway.stop();
    await sweeper.stop();
  });

  return { app, accounts, conversations, sweeper, status, audit, routes };
}
