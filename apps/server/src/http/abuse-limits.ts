import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Limits } from '../config';
import { AddressKeys } from '../limits/address-key';
import { WindowedCounter } from '../limits/windowed-counter';

/** The routes where a password or a one-time token is guessed. */
const SIGN_IN_ROUTES = new Set(['/api/setup', '/api/staff/accept', '/api/staff/prelogin', '/api/staff/login']);
const START_ROUTE = '/api/conversations';

export interface AbuseLimitOptions {
  limits: Limits;
  /** Shared by every node when set, so a guesser cannot spread over nodes. */
  redis: Redis | undefined;
  /** The program's server secret: nodes derive the same daily salt for the shared counters. */
  serverSecret: string;
}

/**
 * Caps what one network address can do: start conversations (counted in this process's memory
 * only) and try staff sign-ins (in Redis when there are several nodes). Addresses are keyed under
 * a daily salt held in memory; no address reaches a row, a log line or a Redis key in the clear.
 */
export async function registerAbuseLimits(app: FastifyInstance, { limits, redis, serverSecret }: AbuseLimitOptions): Promise<void> {
  const addressKeys = new AddressKeys();
  const sharedAddressKeys = new AddressKeys(serverSecret);
  const starts = new WindowedCounter(limits.startsPerAddress, 10 * 60_000);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== START_ROUTE) return;
    if (!starts.allow(addressKeys.keyFor(request.ip))) {
      return reply.code(429).send({
        error: 'rate_limited',
        message: 'Too many chats were started from this network just now. Please wait a few minutes, or use one of the other ways to reach us.',
      });
    }
  });

  await app.register(rateLimit, {
    global: true,
    max: limits.staffRequestsPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'lantern-signin:' } : {}),
    allowList: (request) => !SIGN_IN_ROUTES.has(request.routeOptions.url ?? ''),
    keyGenerator: (request) => sharedAddressKeys.keyFor(request.ip),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `Too many sign-in attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
    }),
  });
}
