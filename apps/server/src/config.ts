import { resolve } from 'node:path';

export interface Alternative {
  label: string;
  value: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Redis for fan-out between nodes; unset: one process, in-process fan-out. */
  redisUrl: string | undefined;
  /** The pub/sub channel: one per program when several share a Redis. */
  redisChannel: string;
  /** The address people use, for printed links; defaults to http://localhost:PORT. */
  publicUrl: string;
  programName: string;
  /** Title of the participant page: neutral unless the program wants otherwise. */
  chatTitle: string;
  /** Where quick exit sends the participant. */
  exitUrl: string;
  alternatives: Alternative[];
  logLevel: string;
  /** Origins besides the server's own that may open a WebSocket (a program site embedding the chat). */
  allowedOrigins: string[];
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (for rate limits only). */
  trustProxy: boolean;
  limits: Limits;
}

/** Abuse limits; every one answers with a clear error, none keeps an address. */
export interface Limits {
  /** Frames a socket may send per second, sustained; a flood past the burst closes it (1008). */
  socketFramesPerSecond: number;
  socketFrameBurst: number;
  /** Messages one conversation may carry per minute, both sides together. */
  conversationMessagesPerMinute: number;
  /** Conversations one network address may start per 10 minutes (counted in memory under a daily salt). */
  startsPerAddress: number;
  /** Staff sign-in and account requests per address per minute. */
  staffRequestsPerMinute: number;
}

export const DEFAULT_LIMITS: Limits = {
  socketFramesPerSecond: 20,
  socketFrameBurst: 60,
  conversationMessagesPerMinute: 120,
  startsPerAddress: 5,
  staffRequestsPerMinute: 30,
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisChannel: env.REDIS_CHANNEL ?? 'lantern:bus',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    programName: env.PROGRAM_NAME ?? 'Lantern',
    chatTitle: env.CHAT_TITLE ?? 'Chat',
    exitUrl: new URL(env.EXIT_URL ?? 'https://www.google.com/search?q=weather').href,
    alternatives: parseAlternatives(env.ALTERNATIVES),
    logLevel: env.LOG_LEVEL ?? 'info',
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin),
    trustProxy: env.TRUST_PROXY === 'on',
    limits: {
      socketFramesPerSecond: numberFrom(env.LIMIT_SOCKET_FRAMES_PER_SECOND, DEFAULT_LIMITS.socketFramesPerSecond),
      socketFrameBurst: numberFrom(env.LIMIT_SOCKET_FRAME_BURST, DEFAULT_LIMITS.socketFrameBurst),
      conversationMessagesPerMinute: numberFrom(env.LIMIT_CONVERSATION_MESSAGES_PER_MINUTE, DEFAULT_LIMITS.conversationMessagesPerMinute),
      startsPerAddress: numberFrom(env.LIMIT_STARTS_PER_ADDRESS, DEFAULT_LIMITS.startsPerAddress),
      staffRequestsPerMinute: numberFrom(env.LIMIT_STAFF_REQUESTS_PER_MINUTE, DEFAULT_LIMITS.staffRequestsPerMinute),
    },
  };
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`expected a positive number, got ${value}`);
  return parsed;
}

/** ALTERNATIVES="Hotline=1-800-000-0000;Emergency=911" */
function parseAlternatives(value: string | undefined): Alternative[] {
  if (!value) return [];
  return value
    .split(';')
    .map((pair) => pair.split('='))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0]?.trim() && !!parts[1]?.trim())
    .map(([label, text]) => ({ label: label.trim(), value: text.trim() }));
}
