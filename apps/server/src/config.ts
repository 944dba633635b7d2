import { resolve } from 'node:path';
import { parseSecurityContacts } from './http/security-txt';

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
  /** Where to report a vulnerability in this deployment, for /.well-known/security.txt (SECURITY_CONTACT). */
  securityContacts?: string[];
  /** A page with the deployment's disclosure policy (SECURITY_POLICY_URL). */
  securityPolicy?: string | undefined;
  /** Prometheus metrics on their own port (METRICS_PORT); unset: no metrics endpoint. */
  metrics?: { port: number; host: string; token: string | undefined } | undefined;
  // The participant page (docs/participant.md). Optional so a Config built by hand still type-checks;
  // chatPageConfig() fills in the defaults.
  /** Path of the participant page (CHAT_PATH, default `/`): neutral, the program's choice. */
  chatPath?: string;
  /** Languages the participant may pick (LANGUAGES, default `en,fr,ar`), first = the page's default. */
  languages?: string[];
  /** Whether a reload may resume a chat through sessionStorage (RESUME=on); off by default. */
  resume?: boolean;
  /** Sites that may embed the chat page in a frame (EMBED_ORIGINS): CSP frame-ancestors of that page only. */
  embedOrigins?: string[];
  /** Days a closed conversation's ciphertext is kept before the purge; 0 (the default) deletes it at close. */
  retentionDays: number;
  /** Participant silence before the warning notice, and after it before the chat closes. */
  inactivity: { warnAfterMinutes: number; closeAfterMinutes: number };
  /** How often this node sweeps timers; 0 turns the periodic sweep off (tests drive it with a fake clock). */
  sweepIntervalMs: number;
  /** Days after which a code word is flagged for renewal (CODE_WORD_ROTATION_DAYS, default 180). */
  codeWordRotationDays?: number;
  /** Staff sessions end after this many minutes without a request or frame (STAFF_IDLE_MINUTES, default 30). */
  staffIdleMinutes?: number;
  /** Seconds after a participant's page closed before the console offers to end the chat (PARTICIPANT_GONE_GRACE_SECONDS, default 120). */
  participantGoneGraceSeconds?: number;
  /** … and this many hours after sign-in in any case (STAFF_SESSION_HOURS, default 12). */
  staffSessionHours?: number;
  /** TOTP codes of this many 30-second steps before and after now are accepted (STAFF_TOTP_WINDOW, default 1), each once. */
  staffTotpWindow?: number;
  /** Every socket is pinged once per this many seconds and dropped after a round without its pong (HEARTBEAT_SECONDS, default 30). */
  heartbeatSeconds?: number;
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
    // Relative to where `npm start` was typed (npm runs the server from apps/server), as the README says.
    dataDir: resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisChannel: env.REDIS_CHANNEL ?? 'lantern:bus',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    programName: env.PROGRAM_NAME ?? 'Lantern',
    chatTitle: env.CHAT_TITLE ?? 'Chat',
    exitUrl: parseExitUrl(env.EXIT_URL),
    alternatives: parseAlternatives(env.ALTERNATIVES),
    logLevel: env.LOG_LEVEL ?? 'info',
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin),
    trustProxy: env.TRUST_PROXY === 'on',
    metrics: metricsFrom(env),
    securityContacts: parseSecurityContacts(env.SECURITY_CONTACT),
    securityPolicy: env.SECURITY_POLICY_URL ? new URL(env.SECURITY_POLICY_URL).href : undefined,
    chatPath: parseChatPath(env.CHAT_PATH),
    languages: parseLanguages(env.LANGUAGES),
    resume: env.RESUME === 'on',
    embedOrigins: parseOrigins('EMBED_ORIGINS', env.EMBED_ORIGINS),
    retentionDays: wholeNumberFrom(env.RETENTION_DAYS, 0),
    inactivity: {
      warnAfterMinutes: numberFrom(env.INACTIVITY_WARN_MINUTES, 10),
      closeAfterMinutes: numberFrom(env.INACTIVITY_CLOSE_MINUTES, 5),
    },
    sweepIntervalMs: wholeNumberFrom(env.SWEEP_INTERVAL_MS, 15_000),
    codeWordRotationDays: numberFrom(env.CODE_WORD_ROTATION_DAYS, 180),
    staffIdleMinutes: numberFrom(env.STAFF_IDLE_MINUTES, 30),
    participantGoneGraceSeconds: numberFrom(env.PARTICIPANT_GONE_GRACE_SECONDS, 120),
    staffSessionHours: numberFrom(env.STAFF_SESSION_HOURS, 12),
    staffTotpWindow: totpWindowFrom(env.STAFF_TOTP_WINDOW),
    heartbeatSeconds: numberFrom(env.HEARTBEAT_SECONDS, 30),
    limits: {
      socketFramesPerSecond: numberFrom(env.LIMIT_SOCKET_FRAMES_PER_SECOND, DEFAULT_LIMITS.socketFramesPerSecond),
      socketFrameBurst: numberFrom(env.LIMIT_SOCKET_FRAME_BURST, DEFAULT_LIMITS.socketFrameBurst),
      conversationMessagesPerMinute: numberFrom(env.LIMIT_CONVERSATION_MESSAGES_PER_MINUTE, DEFAULT_LIMITS.conversationMessagesPerMinute),
      startsPerAddress: numberFrom(env.LIMIT_STARTS_PER_ADDRESS, DEFAULT_LIMITS.startsPerAddress),
      staffRequestsPerMinute: numberFrom(env.LIMIT_STAFF_REQUESTS_PER_MINUTE, DEFAULT_LIMITS.staffRequestsPerMinute),
    },
  };
}

function metricsFrom(env: NodeJS.ProcessEnv): Config['metrics'] {
  if (!env.METRICS_PORT) return undefined;
  const port = Number(env.METRICS_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number, got ${env.METRICS_PORT}`);
  return { port, host: env.METRICS_HOST ?? '127.0.0.1', token: env.METRICS_TOKEN || undefined };
}

/** At most 10 steps (5 minutes) either side: wider would make a seen code useful for too long. */
function totpWindowFrom(value: string | undefined): number {
  const steps = wholeNumberFrom(value, 1);
  if (steps > 10) throw new Error(`STAFF_TOTP_WINDOW is at most 10 steps, got ${value}`);
  return steps;
}

function wholeNumberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a whole number, got ${value}`);
  return parsed;
}

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`expected a positive number, got ${value}`);
  return parsed;
}

/** Quick exit goes to a web page, never to a script or data URL. */
function parseExitUrl(value: string | undefined): string {
  const url = new URL(value ?? 'https://www.google.com/search?q=weather');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`EXIT_URL must be an http(s) address, got ${value}`);
  return url.href;
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

/** The translations the participant page ships (apps/chat/src/i18n); a test keeps the two lists equal. */
export const CHAT_LANGUAGES = ['en', 'fr', 'ar'];

/** Paths the server uses for something else; the participant page cannot take them. */
const RESERVED_PATHS = /^\/(api|ws|staff|assets|about|bye|interpret|launcher\.js|healthz|about-this-chat|\.well-known)(\/|$)/;

function parseChatPath(value: string | undefined): string {
  const path = value || '/';
  if (!/^\/[A-Za-z0-9._~\/-]*$/.test(path) || /\/\/|(^|\/)\.\.?(\/|$)/.test(path) || RESERVED_PATHS.test(path)) {
    throw new Error(`CHAT_PATH must be a plain path starting with / and not under /api, /ws, /staff, /assets, /about, /bye, /interpret, /launcher.js, /healthz, /about-this-chat or /.well-known; got ${path}`);
  }
  return path;
}

function parseLanguages(value: string | undefined): string[] {
  if (!value) return [...CHAT_LANGUAGES];
  const languages = [...new Set(value.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean))];
  const unknown = languages.filter((l) => !CHAT_LANGUAGES.includes(l));
  if (languages.length === 0 || unknown.length > 0) {
    throw new Error(`LANGUAGES: the participant page has translations for ${CHAT_LANGUAGES.join(', ')}; got ${value}`);
  }
  return languages;
}

function parseOrigins(name: string, value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const url = new URL(o);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${name}: ${o} is not an http(s) origin`);
      return url.origin;
    });
}

/** What the participant page needs, defaults filled in: what app.ts hands to registerPages. */
export function chatPageConfig(config: Config) {
  return {
    path: config.chatPath ?? '/',
    title: config.chatTitle,
    exitUrl: config.exitUrl,
    alternatives: config.alternatives,
    languages: config.languages ?? [...CHAT_LANGUAGES],
    resume: config.resume ?? false,
    embedOrigins: config.embedOrigins ?? [],
  };
}

export type ChatPageConfig = ReturnType<typeof chatPageConfig>;
