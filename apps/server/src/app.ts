import { fileURLToPath } from 'node:url';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Bus } from './bus/bus';
import { chatPageConfig, type Config } from './config';
import { ConversationService } from './conversations/service';
import { ServerHeldSecrets, assertRedisKeepsNothing, memorySecretStore, redisSecretStore } from './conversations/server-held';
import { Routing } from './conversations/routing';
import { AuditLog } from './audit/audit-log';
import { registerAbuseLimits } from './http/abuse-limits';
import { auditRoutes } from './http/audit';
import { transferRoutes } from './http/transfer';
import { Supervision } from './conversations/supervision';
import { Transfers } from './conversations/transfer';
import { routingRoutes } from './http/routing';
import { cannedRoutes } from './http/canned';
import { codeWordRoutes } from './http/code-words';
import { CannedLibrary } from './canned/library';
import { CodeWords } from './code-words/service';
import { registerErrorHandling } from './http/errors';
import { registerHeaders } from './http/headers';
import { originCheck } from './http/origin';
import { readAboutAssets, registerPages } from './http/pages';
import { registerOpenApi } from './http/openapi';
import { registerSecurityTxt } from './http/security-txt';
import { smsRoutes } from './http/sms';
import { noticesRoutes } from './http/notices';
import { ProgramNotices } from './notices/program-notices';
import { participantRoutes } from './http/participant';
import { staffRoutes } from './http/staff';
import { registerSessionActivity } from './http/staff-auth';
import { statusRoutes } from './http/status';
import { statisticsRoutes } from './http/statistics';
import { retentionRoutes } from './http/retention';
import { smsSetupRoutes } from './http/sms-setup';
import { Retention } from './program/retention';
import { ProgramStatus } from './program/status-service';
import { Sweeper } from './jobs/sweeper';
import { Gateway } from './realtime/gateway';
import { InterpreterService } from './interpreters/service';
import { interpreterRoutes } from './http/interpreter';
import { Accounts } from './staff/accounts';
import { sweepSessions } from './staff/session-sweep';
import type { Store } from './store/db';
import { ensureProgram } from './program/store';
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
  await registerOpenApi(base);
  await registerHeaders(base);
  const program = await ensureProgram(store.db, config.programName);
  await registerAbuseLimits(base, { limits: config.limits, redis, serverSecret: program.server_secret });
  // JSON only: a cross-site form can send text/plain or form bodies, never application/json.
  base.removeContentTypeParser('text/plain');
  base.decorateRequest('staff', null);
  const app = base.withTypeProvider<TypeBoxTypeProvider>();

  const audit = new AuditLog(store.db, clock);
  const accounts = new Accounts(store.db, bus, audit, {
    serverSecret: program.server_secret,
    clock,
    idleMinutes: config.staffIdleMinutes ?? 30,
    sessionHours: config.staffSessionHours ?? 12,
    totpWindow: config.staffTotpWindow ?? 1,
  });
  registerSessionActivity(base, accounts);
  const status = new ProgramStatus(store.db, bus, config.alternatives, clock, audit);
  const retention = new Retention(store.db, config.retentionDays, audit);
  // Text conversations' secrets: in this process, or in Redis when several nodes share the work.
  const secretsRedis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 3 }) : undefined;
  if (secretsRedis) await assertRedisKeepsNothing(secretsRedis);
  const serverHeld = new ServerHeldSecrets(store.db, secretsRedis ? redisSecretStore(secretsRedis, `${config.redisChannel}:secrets`) : memorySecretStore());
  const conversations = new ConversationService(store.db, bus, retention.days, status, audit, serverHeld, clock);
  const transfers = new Transfers(store.db, bus, audit, clock);
  const supervision = new Supervision(store.db, bus, audit, conversations, clock);
  const codeWords = new CodeWords(store.db, conversations, audit, config.codeWordRotationDays ?? 180, clock);
  const canned = new CannedLibrary(store.db, audit);
  const notices = new ProgramNotices(store.db, bus, audit, config.programName, chatPageConfig(config).languages, clock);
  const routing = new Routing(store.db, bus, audit, app.log, clock);
  const sweeper = new Sweeper(store.db, bus, { ...config, retentionDays: retention.days }, app.log, clock, routing);
  const interpreters = new InterpreterService(store.db, bus, audit, config.publicUrl, clock);
  const gateway = new Gateway(
    conversations,
    accounts,
    bus,
    app.log,
    config.limits,
    interpreters,
    (sessionHash) => routing.consoleClosed(sessionHash),
    (config.heartbeatSeconds ?? 30) * 1000,
    config.participantGoneGraceSeconds,
  );

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
  registerSecurityTxt(base, {
    contacts: config.securityContacts ?? [],
    policy: config.securityPolicy,
    publicUrl: config.publicUrl,
    languages: chatPageConfig(config).languages,
  });
  await app.register(participantRoutes, { conversations, accounts, programName: config.programName });
  await app.register(interpreterRoutes, { interpreters, accounts });
  await app.register(staffRoutes, { accounts });
  await app.register(statusRoutes, { status, accounts });
  await app.register(auditRoutes, { audit, accounts });
  await app.register(transferRoutes, { transfers, supervision, accounts });
  await app.register(routingRoutes, { routing, accounts });
  await app.register(retentionRoutes, { retention, accounts });
  await app.register(statisticsRoutes, { db: store.db, accounts, audit, timeZone: async () => (await status.settings()).hours?.timeZone ?? 'UTC' });
  await app.register(smsSetupRoutes, { accounts, publicUrl: config.publicUrl, programName: config.programName });
  await app.register(codeWordRoutes, { codeWords, accounts });
  await app.register(cannedRoutes, { canned, accounts });
  await app.register(noticesRoutes, {
    notices,
    conversations,
    accounts,
    retentionDays: retention.days,
    chatTitle: config.chatTitle,
    chatPath: chatPageConfig(config).path,
    exitUrl: config.exitUrl,
    embedOrigins: chatPageConfig(config).embedOrigins,
    aboutAssets: await readAboutAssets(`${appsDir}chat/dist`),
  });
  await app.register(smsRoutes, {
    db: store.db,
    bus,
    conversations,
    serverHeld,
    accounts,
    audit,
    publicUrl: config.publicUrl,
    programName: config.programName,
    isOpen: async () => (await status.current()).state === 'open',
    programNotices: notices,
  });
  app.get(WS_PATH, { websocket: true, preValidation: originCheck(config.allowedOrigins) }, (socket) => gateway.accept(socket));
  await registerPages(base, {
    chatDist: `${appsDir}chat/dist`,
    consoleDist: `${appsDir}console/dist`,
    chatConfig: chatPageConfig(config),
    status: () => status.current(),
  });
  app.addHook('onReady', async () => {
    const ended = await conversations.endUnreadable();
    if (ended > 0) app.log.warn({ ended }, 'ended conversations that could no longer be read (made before protocol v2, or texts whose key was lost in a restart)');
    sweeper.start(config.sweepIntervalMs);
  });
  const sessionSweep = sweepSessions(accounts, config.sweepIntervalMs, app.log);
  app.addHook('onClose', async () => {
    sessionSweep.stop();
    gateway.stop();
    await sweeper.stop();
    await routing.stop();
    secretsRedis?.disconnect();
  });

  return { app, accounts, conversations, sweeper, status, audit, routing, routes, gateway };
}
