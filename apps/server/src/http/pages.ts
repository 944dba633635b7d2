import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ChatPageConfig } from '../config';
import { exitLabel } from '../notices/about-page';
import { scriptJson } from './script-json';
import { byePage } from './bye';
import { compressPage, sendCompressed, type CompressedPage } from './compressed-page';
import { builtPageHeaders, byePageHeaders, chatPageHeaders, importMapHashes } from './headers';

export interface PagesOptions {
  chatDist: string;
  consoleDist: string;
  chatConfig: ChatPageConfig;
  /** The line's status now (what GET /api/status answers), put in the participant page. */
  status: () => Promise<unknown>;
}

const NOT_BUILT = 'This page has not been built yet. Run `npm run build` (npm start does it for you).';
const RIGHT_TO_LEFT = ['ar', 'fa', 'he', 'ur'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The participant page at the program's chosen path, its way out (/bye), the embed launcher for
 * programs to copy, and the console at `/staff/`, all from their production builds.
 */
export async function registerPages(app: FastifyInstance, options: PagesOptions): Promise<void> {
  const chat = options.chatConfig;
  const participantText = participantHtml(await readText(join(options.chatDist, 'index.html')), chat);
  const participantPage = participantText ? pageWithStatus(participantText) : undefined;
  const consoleHtml = await readText(join(options.consoleDist, 'index.html'));
  const launcher = await readText(join(options.chatDist, 'launcher.js'));
  // A build of its own (apps/chat, --mode interpret), so it adds nothing to the participant's first screen.
  const interpreterDist = join(options.chatDist, 'interpret');
  const interpreterPage = await readText(join(interpreterDist, 'interpret.html'));

  const send = (reply: FastifyReply, type: string, body: string | undefined) =>
    body ? reply.type(type).send(body) : reply.code(503).type('text/plain').send(NOT_BUILT);

  // The status block is JSON, not an import map: the hashes of the page's import maps hold for every status.
  app.get(chat.path, { helmet: chatPageHeaders(chat.embedOrigins, importMapHashes(participantText)) }, async (request, reply) =>
    participantPage ? sendCompressed(request, reply, 'text/html; charset=utf-8', participantPage(await options.status())) : send(reply, 'text/html', undefined),
  );

  // Quick exit's last step: the browser drops anything of this origin it may hold, then the page
  // takes itself to the neutral site (a 200, not a redirect: WebKit clears only on a 200).
  const bye = byePage(chat.exitUrl);
  app.get('/bye', { helmet: byePageHeaders(bye.scriptHash) }, (_request, reply) =>
    reply.header('clear-site-data', '"cache", "cookies", "storage"').type('text/html; charset=utf-8').send(bye.html),
  );

  // For programs to copy to their own site (docs/participant.md); loading it from here on every page
  // view would tell this server about those views. Cross-Origin-Resource-Policy keeps it from working
  // as a <script src> on another site.
  app.get('/launcher.js', (_request, reply) => send(reply, 'text/javascript; charset=utf-8', launcher));

  app.get('/staff/', { helmet: builtPageHeaders(importMapHashes(consoleHtml)) }, (_request, reply) => send(reply, 'text/html; charset=utf-8', consoleHtml));
  // The interpreter's page; its link's fragment (token and keys) never reaches this route.
  app.get('/interpret', { helmet: builtPageHeaders(importMapHashes(interpreterPage)) }, (_request, reply) => send(reply, 'text/html; charset=utf-8', interpreterPage));
  app.get('/staff', (_request, reply) => reply.redirect('/staff/', 308));

  // schemaHide off: the assets are routes too, and the OpenAPI document lists every route. preCompressed: the build's .br and .gz
  // (tools/vite-precompress.ts), with the matching Content-Encoding.
  const staticOptions = { index: false, cacheControl: false, etag: false, lastModified: false, wildcard: true, decorateReply: false, schemaHide: false, preCompressed: true } as const;
  const served = [
    [options.chatDist, '/assets/'],
    [options.consoleDist, '/staff/assets/'],
    [interpreterDist, '/interpret/assets/'],
    [join(options.chatDist, 'about'), '/about/assets/'],
  ] as const;
  for (const [dist, prefix] of served) {
    const root = join(dist, 'assets');
    if (existsSync(root)) await app.register(fastifyStatic, { ...staticOptions, root, prefix });
  }
}

/**
 * The built page with the program's title, its first language (and direction), its Exit link in
 * that language (a way out before and without the script) and its settings as inert JSON: no
 * second request, no inline script. The page may then switch language itself. The line's status
 * goes where `<!--line-status-->` is left, per request (`withStatus`).
 * Every insertion is a function replacer, so `$&`, `` $` `` or `$'` in a setting stay text.
 */
export function participantHtml(html: string | undefined, chat: ChatPageConfig) {
  if (!html) return undefined;
  const { title, exitUrl, alternatives, languages, resume } = chat;
  const config = scriptJson({ title, exitUrl, alternatives, languages, resume });
  const language = languages[0] ?? 'en';
  return html
    .replace(/<html lang="[^"]*" dir="[^"]*">/, () => `<html lang="${escapeHtml(language)}" dir="${RIGHT_TO_LEFT.includes(language) ? 'rtl' : 'ltr'}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
    .replace('<a class="exit" href="/bye">Exit</a>', () => `<a class="exit" href="/bye">${escapeHtml(exitLabel(language))}</a>`)
    .replace('<!--lantern-config-->', () => `<script type="application/json" id="lantern-config">${config}</script><!--line-status-->`);
}

/**
 * The page with the line's status as inert JSON, so the start screen (or the closed one) needs no
 * request after the script's: on 2G that request came last and cost almost a second before
 * "Start a chat" (bench/participant.ts). The page still asks again at "Start a chat".
 */
export function withStatus(html: string, status: unknown): string {
  return html.replace('<!--line-status-->', () => `<script type="application/json" id="line-status">${scriptJson(status)}</script>`);
}

/** The page for each status, compressed once per distinct status: the switch and the hours change it rarely. */
function pageWithStatus(html: string): (status: unknown) => CompressedPage {
  const pages = new Map<string, CompressedPage>();
  return (status) => {
    const key = JSON.stringify(status);
    let page = pages.get(key);
    if (!page) {
      // A handful at most (the next opening moves on as the hours pass): drop the old ones.
      if (pages.size >= 8) pages.clear();
      page = compressPage(withStatus(html, status));
      pages.set(key, page);
    }
    return page;
  };
}

/**
 * The stylesheet and script tags of /about-this-chat, with their integrity, as the build wrote them
 * (apps/chat, --mode about); empty before a build, when the page stays plain (its Exit a link).
 */
export async function readAboutAssets(chatDist: string): Promise<string> {
  const html = await readText(join(chatDist, 'about', 'about.html'));
  return (html?.match(/<script type="module"[^>]*><\/script>|<link rel="stylesheet"[^>]*>/g) ?? []).join('');
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
