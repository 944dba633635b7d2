import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** One policy for every response: only our own origin, no inline code, no framing. */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Nothing a response carries may stay on a participant's device: no caching, no referrer,
 * no third-party origin, no inline code (CSP without unsafe-inline).
 */
export async function registerHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
    return payload;
  });
}

/**
 * The participant page alone may be framed, and only by the sites the program lists
 * (EMBED_ORIGINS, for the launcher's panel). A route's helmet options replace the global ones
 * key by key, so everything else stays as above.
 */
export function chatPageHeaders(embedOrigins: string[]): Omit<FastifyHelmetOptions, 'global'> {
  if (embedOrigins.length === 0) return {};
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, frameAncestors: embedOrigins } },
    // X-Frame-Options cannot name another origin; frame-ancestors says it all.
    xFrameOptions: false,
  };
}

/** /bye's page runs one inline script, allowed by its hash (no unsafe-inline). */
export function byePageHeaders(scriptHash: string): Omit<FastifyHelmetOptions, 'global'> {
  return { contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, scriptSrc: ["'self'", scriptHash] } } };
}
