import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Alternative } from '../config';

export interface PagesOptions {
  chatDist: string;
  consoleDist: string;
  chatConfig: { title: string; exitUrl: string; alternatives: Alternative[] };
}

const NOT_BUILT = 'This page has not been built yet. Run `npm run build` (npm start does it for you).';

/** The participant page at `/` and the console at `/staff/`, from their production builds. */
export async function registerPages(app: FastifyInstance, options: PagesOptions): Promise<void> {
  const chatHtml = await readHtml(options.chatDist);
  const consoleHtml = await readHtml(options.consoleDist);
  // The program's settings travel inside the page as inert JSON: no second request, no inline script.
  const config = JSON.stringify(options.chatConfig).replace(/</g, '\\u003c');
  const participantPage = chatHtml?.replace(
    '<!--lantern-config-->',
    `<script type="application/json" id="lantern-config">${config}</script>`,
  );

  const html = (page: string | undefined) => async (_request: unknown, reply: import('fastify').FastifyReply) =>
    page ? reply.type('text/html; charset=utf-8').send(page) : reply.code(503).type('text/plain').send(NOT_BUILT);

  app.get('/', html(participantPage));
  app.get('/staff/', html(consoleHtml));
  app.get('/staff', (_request, reply) => reply.redirect('/staff/', 308));

  const staticOptions = { index: false, cacheControl: false, etag: false, lastModified: false, wildcard: true, decorateReply: false } as const;
  for (const [dist, prefix] of [[options.chatDist, '/assets/'], [options.consoleDist, '/staff/assets/']] as const) {
    const root = join(dist, 'assets');
    if (existsSync(root)) await app.register(fastifyStatic, { ...staticOptions, root, prefix });
  }
}

async function readHtml(dist: string): Promise<string | undefined> {
  try {
    return await readFile(join(dist, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
}
