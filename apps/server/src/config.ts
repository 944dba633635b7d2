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
}

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
  };
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
