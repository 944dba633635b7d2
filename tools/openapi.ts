/** `npm run openapi`: writes the server's OpenAPI document to docs/openapi.json (a test keeps the two equal). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../apps/server/src/app';
import { localBus } from '../apps/server/src/bus/local';
import { configFromEnv } from '../apps/server/src/config';
import { createLogger } from '../apps/server/src/log';
import { OPENAPI_PATH } from '../apps/server/src/http/openapi';
import { openStore } from '../apps/server/src/store/db';

const dataDir = await mkdtemp(join(tmpdir(), 'lantern-openapi-'));
const config = { ...configFromEnv({}), dataDir, sweepIntervalMs: 0 };
const store = await openStore({ dataDir, databaseUrl: undefined });
const bus = localBus();
const { app } = await buildApp({ config, store, bus, logger: createLogger('warn') });
const response = await app.inject({ method: 'GET', url: OPENAPI_PATH });
await writeFile(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(response.json(), null, 2)}\n`);
await app.close();
await bus.close();
await store.close();
await rm(dataDir, { recursive: true, force: true });
