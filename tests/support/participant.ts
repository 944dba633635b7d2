/**
 * Shared by the participant page's browser tests: a server with an admin who plays the advocate
 * from Node, small local web sites (the neutral exit site, a program's host page), and a search
 * of a browser profile's files.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lc from '@lantern/crypto';
import type { ConversationSummary, MessageFrame, ServerFrame } from '@lantern/protocol';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { Config } from '../../apps/server/src/config';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { FrameSocket, requestConversationKeys, sendText, setupAdmin, signIn, type StaffKeys } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { describeHits, sweepProfile } from './profile-sweep';

export const CHAT_DIST = new URL('../../apps/chat/dist/', import.meta.url);

// ---------------------------------------------------------------- local web sites

export interface Site {
  url: string;
  /** Every request path, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A plain node:http site on its own port (so its own origin); nothing leaves the machine. On
 * another loopback address (`127.0.0.2`) it is also another site, as a program's website is.
 */
export async function startSite(pages: Record<string, { type?: string; body: string }>, host = '127.0.0.1'): Promise<Site> {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const page = pages[path];
    response.writeHead(page ? 200 : 404, { 'content-type': page?.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(page?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const plainPage = (title: string) => ({ body: `<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1></html>` });

/** The program's neutral site: where quick exit lands (/weather), and a page to come from (/news). */
export function startNeutralSite(): Promise<Site> {
  return startSite({ '/weather': plainPage('Weather'), '/news': plainPage('News') });
}

// ---------------------------------------------------------------- the server and its advocate

export interface Stack {
  ts: TestStore;
  server: TestServer;
  neutral: Site;
  /** The first admin, who answers chats from Node. */
  staff: StaffKeys;
  exitUrl: string;
  close(): Promise<void>;
}

/** `clock`: the time the server's timers run on, for a test that moves it (and runs `server.sweeper` itself). */
export async function startStack(overrides: Partial<Config> = {}, clock?: () => Date): Promise<Stack> {
  const neutral = await startNeutralSite();
  const exitUrl = `${neutral.url}/weather`;
  const ts = await openTestStore('pglite');
  const server = await startServer(ts.store, { exitUrl, ...overrides }, clock);
  await setupAdmin(server.url, server.setupToken, 'admin', 'correct horse battery');
  const staff = await signIn(server.url, 'admin', 'correct horse battery');
  return {
    ts,
    server,
    neutral,
    staff,
    exitUrl,
    async close() {
      await server.close();
      await ts.dispose();
      await neutral.close();
    },
  };
}

/** How many requests the chat server has answered (one `request` log line each). */
export const requestsLogged = (server: TestServer) => server.logs.filter((line) => line.includes('"msg":"request"')).length;

export async function conversationIds(stack: Stack): Promise<string[]> {
  return (await stack.ts.store.db.selectFrom('conversations').select('id').execute()).map((r) => r.id);
}

/** Waits until the conversation's row is gone (closing is asynchronous to the page). */
export async function waitUntilErased(stack: Stack, conversationId: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await conversationIds(stack)).includes(conversationId)) {
    if (Date.now() > until) throw new Error(`conversation ${conversationId} still stored after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The advocate, from Node: answers the next waiting conversation, reads and writes in it, ends it. */
export class Advocate {
  private keys: lc.ConversationKeys | null = null;
  conversationId = '';

  private constructor(private readonly socket: FrameSocket, private readonly staff: StaffKeys) {}

  static async connect(stack: Stack): Promise<Advocate> {
    return new Advocate(await FrameSocket.connect(stack.server.wsUrl, stack.staff.session.token), stack.staff);
  }

  async answer(): Promise<string> {
    const queue = await this.socket.next<Extract<ServerFrame, { type: 'queue' }>>(
      (f) => f.type === 'queue' && f.conversations.some((c) => c.status === 'waiting' && c.id !== this.conversationId),
    );
    const summary = queue.conversations.find((c) => c.status === 'waiting' && c.id !== this.conversationId) as ConversationSummary;
    this.conversationId = summary.id;
    this.socket.send({ type: 'claim', conversationId: summary.id });
    await this.socket.next((f) => f.type === 'queue' && f.conversations.some((c) => c.id === summary.id && c.status === 'active'));
    this.socket.send({ type: 'sync', conversationId: summary.id, afterSeq: 0 });
    // As a console tab does: the participant's page hands its conversation secret to this device.
    this.keys = await requestConversationKeys(this.socket, this.staff, summary);
    return summary.id;
  }

  /** The language the participant picked, as the queue shows it to staff. */
  languageOf(conversationId: string): string | null {
    for (const frame of [...this.socket.frames].reverse()) {
      if (frame.type !== 'queue') continue;
      const found = frame.conversations.find((c) => c.id === conversationId);
      if (found) return found.language;
    }
    return null;
  }

  async say(text: string): Promise<void> {
    await sendText(this.socket, this.keys!, 'staff', text);
  }

  /** Resolves once the participant's message with this text has arrived and opened. */
  async hears(text: string, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.socket.frames) {
        if (frame.type !== 'message' || frame.sender !== 'participant' || frame.conversationId !== this.conversationId) continue;
        const opened = await lc.decryptMessage(this.keys!, 'participant', frame.clientId, (frame as MessageFrame).body).catch(() => null);
        if (opened?.text === text.normalize('NFC')) return;
      }
      if (Date.now() > until) throw new Error(`the advocate never received "${text}"`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  end(): void {
    this.socket.send({ type: 'close', conversationId: this.conversationId });
  }

  close(): void {
    this.socket.close();
  }
}

// ---------------------------------------------------------------- the participant's page

export async function startChat(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start a chat' }).click();
  await page.getByText(/Waiting for an advocate/).waitFor();
  await passNotice(page);
}

/** The page, or the chat inside the launcher's panel. */
type ChatSurface = Page | Frame | FrameLocator;

/**
 * What comes before the first message: "I understand" under the rights notice, then "Yes" to the
 * device-safety check-in (no questions unless a test sets some); resolves once the composer opens.
 */
export async function passNotice(page: ChatSurface, words: { understand: string; yes: string } = { understand: 'I understand', yes: 'Yes' }): Promise<void> {
  await page.getByRole('button', { name: words.understand }).click();
  await page.getByRole('button', { name: words.yes, exact: true }).click();
  await page.locator('#message:enabled').waitFor();
}

export async function say(page: ChatSurface, text: string): Promise<void> {
  const composer = page.getByLabel('Message', { exact: true });
  await composer.fill(text);
  await composer.press('Enter');
  await page.locator('.msg.mine:not(.pending)').getByText(text, { exact: true }).waitFor();
}

export async function sees(page: ChatSurface, text: string): Promise<void> {
  await page.getByRole('log').getByText(text, { exact: true }).waitFor();
}

// ---------------------------------------------------------------- forensic search

/** Files under `dir` holding any needle in any encoding (support/profile-sweep.ts), as "path: needle (encoding)". */
export async function profileFilesContaining(dir: string, needles: string[]): Promise<string[]> {
  return describeHits(await sweepProfile(dir, needles.map((text) => ({ name: text, text }))));
}
