import { createHash } from 'node:crypto';
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
 * A built page runs one inline script, its import map (the integrity of every script chunk,
 * tools/vite-sri.ts), allowed by its hash: still no unsafe-inline.
 */
export function importMapHashes(html: string | undefined): string[] {
  if (!html) return [];
  return [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body ?? '').digest('base64')}'`,
  );
}

/** A built page's policy: the global one, with its import map allowed by hash. */
export function builtPageHeaders(scriptHashes: string[]): Omit<FastifyHelmetOptions, 'global'> {
  if (scriptHashes.length === 0) return {};
  return { contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, scriptSrc: ["'self'", ...scriptHashes] } } };
}

/**
 * The participant page alone may be framed, and only by the sites the program lists
 * (EMBED_ORIGINS, for the launcher's panel). A route's helmet options replace the global ones
 * key by key, so everything else stays as above.
 */
export function chatPageHeaders(embedOrigins: string[], scriptHashes: string[] = []): Omit<FastifyHelmetOptions, 'global'> {
  if (embedOrigins.length === 0) return builtPageHeaders(scriptHashes);
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, scriptSrc: ["'self'", ...scriptHashes], frameAncestors: embedOrigins } },
    // X-Frame-Options cannot name another origin; frame-ancestors says it all.
    xFrameOptions: false,
  };
}

/** /bye's page runs one inline script, allowed by its hash (no unsafe-inline). */
export function byePageHeaders(scriptHash: string): Omit<FastifyHelmetOptions, 'global'> {
  return { contentSecurityPolicy: { useDefaults: false, directives: { ...DIRECTIVES, scriptSrc: ["'self'", scriptHash] } } };
}
