import { Redis } from 'ioredis';
import { buildApp } from './app';
import { localBus } from './bus/local';
import { redisBus } from './bus/redis';
import { configFromEnv } from './config';
import { createLogger } from './log';
import { startMetricsServer } from './metrics/server';
import { openStore } from './store/db';

const config = configFromEnv();
const logger = createLogger(config.logLevel);
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const bus = config.redisUrl ? await redisBus(config.redisUrl, config.redisChannel) : localBus();
const redis = config.redisUrl ? new Redis(config.redisUrl) : undefined;
const { app, accounts, gateway, sweeper } = await buildApp({ config, store, bus, logger, redis });

await app.listen({ port: config.port, host: config.host, listenTextResolver: () => 'http server listening' });
const metrics = config.metrics ? await startMetricsServer({ ...config.metrics, db: store.db, gateway, sweeper }) : undefined;
if (config.metrics) logger.info({ port: metrics?.port, host: config.metrics.host, token: config.metrics.token ? 'required' : 'none' }, 'metrics on /metrics');
logger.info({ port: config.port, database: store.kind, fanOut: config.redisUrl ? 'redis' : 'local' }, 'lantern is listening');

const setupToken = await accounts.prepareSetup(config.programName);
if (setupToken) {
  // Printed to the terminal, never to the structured log: the link is a one-time secret for the first admin.
  process.stdout.write(
    `\n  Lantern is running. To set it up, open this one-time link in your browser:\n\n    ${config.publicUrl}/staff/#setup=${setupToken}\n\n  Participants chat at ${config.publicUrl}/\n\n`,
  );
} else {
  process.stdout.write(`\n  Lantern is running: participants at ${config.publicUrl}/, staff at ${config.publicUrl}/staff/\n\n`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await metrics?.close();
    await app.close();
    await bus.close();
    redis?.disconnect();
    await store.close();
    process.exit(0);
  });
}
