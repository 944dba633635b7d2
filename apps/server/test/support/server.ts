import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app';
import { localBus } from '../../src/bus/local';
import { DEFAULT_LIMITS, type Config } from '../../src/config';
import { createLogger } from '../../src/log';
import type { Store } from '../../src/store/db';

export interface TestServer {
  url: string;
  wsUrl: string;
  /** Every line the server logged, as written. */
  logs: string[];
  setupToken: string;
  /** Every route the app registered (HEAD aside). */
  routes: Array<{ method: string; url: string }>;
  /** The app's staff accounts, for tests that run the session sweep on a fake clock. */
  accounts: Awaited<ReturnType<typeof buildApp>>['accounts'];
  /** This node's sockets and sweeper, for the metrics endpoint. */
  gateway: Awaited<ReturnType<typeof buildApp>>['gateway'];
  sweeper: Awaited<ReturnType<typeof buildApp>>['sweeper'];
  close(): Promise<void>;
}

/** Tests that are not about limits send faster than any person could; the limits tests use DEFAULT_LIMITS. */
export const GENEROUS_LIMITS = {
  socketFramesPerSecond: 10_000,
  socketFrameBurst: 10_000,
  conversationMessagesPerMinute: 100_000,
  startsPerAddress: 10_000,
  staffRequestsPerMinute: 10_000,
};

export { DEFAULT_LIMITS };

/** TOTP steps either side of now that test servers accept: room for a burst of sign-ins without waiting. */
export const TEST_TOTP_WINDOW = 10;
/** A year: longer than any jump of a test's fake clock. */
const TEST_SESSION_MINUTES = 365 * 24 * 60;

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '',
    databaseUrl: undefined,
    redisUrl: undefined,
    redisChannel: 'lantern:test',
    publicUrl: 'http://localhost',
    programName: 'Test Program',
    chatTitle: 'Chat',
    exitUrl: 'https://example.org/weather',
    alternatives: [{ label: 'Hotline', value: '1-800-555-0100' }],
    logLevel: 'debug',
    allowedOrigins: [],
    trustProxy: false,
    limits: GENEROUS_LIMITS,
    retentionDays: 0,
    inactivity: { warnAfterMinutes: 10, closeAfterMinutes: 5 },
    sweepIntervalMs: 0,
    // Tests sign the same member in many times a minute; each TOTP step works once (support/clients.ts).
    staffTotpWindow: TEST_TOTP_WINDOW,
    // Sessions run on the app's clock, which tests of hours and timers move by days: those keep
    // their sessions. The session tests (two-factor.test.ts) set the real time-outs.
    staffIdleMinutes: TEST_SESSION_MINUTES,
    staffSessionHours: TEST_SESSION_MINUTES / 60,
    ...overrides,
  };
}

/** The real app on a real port, its log captured line by line. */
/** `clock`: the time the app's timers and routing run on (a test moves it); the real one when unset. */
export async function startServer(store: Store, overrides: Partial<Config> = {}, clock?: () => Date): Promise<TestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const bus = localBus();
  const config = testConfig(overrides);
  const { app, accounts, routes, gateway, sweeper } = await buildApp({ config, store, bus, logger: createLogger(config.logLevel, sink), ...(clock ? { clock } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1', listenTextResolver: () => 'http server listening' });
  const { port } = app.server.address() as AddressInfo;
  const setupToken = (await accounts.prepareSetup(config.programName)) ?? '';
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    logs,
    setupToken,
    routes,
    accounts,
    gateway,
    sweeper,
    async close() {
      await app.close();
      await bus.close();
    },
  };
}
