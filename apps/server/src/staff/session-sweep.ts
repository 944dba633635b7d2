import type { FastifyBaseLogger } from 'fastify';
import type { Accounts } from './accounts';

/**
 * Ends idle and expired staff sessions every `intervalMs` (0: never; tests call
 * `accounts.endDeadSessions()` on a fake clock). Each node sweeps; a session is deleted once,
 * and its sockets close on every node through the bus.
 */
export function sweepSessions(accounts: Accounts, intervalMs: number, log: FastifyBaseLogger): { stop(): void } {
  if (intervalMs <= 0) return { stop() {} };
  const timer = setInterval(() => {
    accounts.endDeadSessions().catch((error: Error) => log.error({ err: { message: error.message } }, 'session sweep failed'));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
