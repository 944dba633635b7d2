import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { setupAdmin } from '../../apps/server/test/support/clients';
import { loadFixtures } from '../../apps/server/test/support/scan';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { passNotice, say, sees } from '../support/participant';

/**
 * Issue #3's live interpreter through the real pages: the advocate makes the link in the console,
 * the interpreter opens it in a third browser, the participant agrees, and messages in Arabic,
 * Chinese and emoji go every way. The link's keys reach no server: not in any request, socket
 * frame or log line.
 */
const fixtures = loadFixtures();
const text = (lang: string) => fixtures.messages.find((m) => m.lang === lang)!.text;
const PASSWORD = 'a long admin passphrase';

/** Everything one browser sent: request URLs, headers and bodies, and WebSocket frames. */
function recordOutgoing(context: BrowserContext, sent: string[]): void {
  context.on('request', (request) => {
    sent.push(request.url(), JSON.stringify(request.headers()), request.postData() ?? '');
  });
  context.on('page', (page) => {
    page.on('websocket', (socket) => {
      sent.push(socket.url());
      socket.on('framesent', (frame) => sent.push(String(frame.payload)));
    });
  });
}

describe('a live interpreter in three browsers', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let advocate: Page;
  let participant: Page;
  let interpreter: Page;
  const sent: string[] = [];
  let link = '';

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', PASSWORD);
    browser = await launchChromium();
    // Three separate profiles: nothing is shared between them but the server.
    const page = async () => {
      const context = await browser.newContext();
      recordOutgoing(context, sent);
      return context.newPage();
    };
    advocate = await page();
    participant = await page();
    interpreter = await page();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('makes the link in the console for an answered web chat', async () => {
    await advocate.goto(`${server.url}/staff/`);
    await signInToConsole(advocate, 'ada', PASSWORD, { until: null });

    await participant.goto(`${server.url}/`);
    await participant.getByRole('button', { name: 'Start a chat' }).click();
    await participant.getByText(/Waiting for an advocate/).waitFor();
    await passNotice(participant);
    await advocate.getByRole('button', { name: 'Answer' }).click();
    await participant.getByText(/has joined/).waitFor();

    await advocate.getByText('Interpreter: none').waitFor();
    await advocate.getByRole('button', { name: 'Invite interpreter' }).click();
    link = await advocate.getByLabel('Link for the interpreter').inputValue();
    expect(link).toMatch(/^http:\/\/localhost\/interpret#t=[A-Za-z0-9_-]{43}&k=[A-Za-z0-9_-]{130}$/);
    await advocate.getByText('Interpreter: invited, waiting for them to open the link').waitFor();
    expect(await seriousViolations(advocate, '.interpreter-panel'), 'the console panel').toEqual([]);
  });

  it('lets the interpreter in only once the participant agrees', async () => {
    // The test server's PUBLIC_URL is a placeholder; the link is opened on the real port.
    const { pathname, hash } = new URL(link);
    await interpreter.goto(`${server.url}${pathname}${hash}`);
    await interpreter.getByText('Waiting for the participant to agree to an interpreter…').waitFor();
    // The fragment left the address bar before any request.
    expect(await interpreter.evaluate(() => location.href)).toBe(`${server.url}/interpret`);
    expect(await interpreter.getByLabel('Message', { exact: true }).isDisabled()).toBe(true);
    await advocate.getByText('Interpreter: waiting for the participant to agree').waitFor();
    await advocate.getByLabel('Link for the interpreter').waitFor({ state: 'detached' });

    const question = participant.getByRole('group', { name: /An interpreter is ready to join this chat/ });
    await question.waitFor();
    await screenshot(participant, 'interpreter-participant-asked');
    expect(await seriousViolations(participant), 'the participant asked').toEqual([]);
    await question.getByRole('button', { name: 'Yes', exact: true }).click();
    await participant.getByText('The interpreter has joined the chat.').waitFor();
    await interpreter.getByText('You are in the chat.').waitFor();
    await advocate.getByText('Interpreter: joined').waitFor();
  });

  it('carries messages every way, in every script', async () => {
    const fromInterpreter = text('ar');
    const fromParticipant = text('zh');
    const fromAdvocate = `${text('fr')} 🌿`;

    // The name they give travels inside their messages only; left empty, both sides read "Interpreter".
    await interpreter.getByLabel('Your name (optional)').fill('Lina');
    await say(interpreter, fromInterpreter);
    await sees(participant, fromInterpreter);
    await advocate.getByRole('log', { name: 'Conversation' }).getByText(fromInterpreter, { exact: true }).waitFor();

    await say(participant, fromParticipant);
    await sees(interpreter, fromParticipant);
    await advocate.getByRole('log', { name: 'Conversation' }).getByText(fromParticipant, { exact: true }).waitFor();

    await advocate.getByLabel('Message', { exact: true }).fill(fromAdvocate);
    await advocate.getByRole('button', { name: 'Send', exact: true }).click();
    await sees(participant, fromAdvocate);
    await sees(interpreter, fromAdvocate);

    const rtl = interpreter.getByRole('log').getByText(fromInterpreter, { exact: true });
    expect(await rtl.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await participant.getByRole('log').getByText('Lina (interpreter)', { exact: true }).first().waitFor();
    await advocate.getByRole('log', { name: 'Conversation' }).getByText('Interpreter (Lina)', { exact: true }).first().waitFor();
    // The interpreter, outside the program, knows the advocate by the name participants see: never "Ada Admin".
    await interpreter.getByRole('log').locator('.msg.theirs').filter({ hasText: fromAdvocate }).locator('.who').getByText('Ada', { exact: true }).waitFor();
    expect(await interpreter.evaluate(() => document.body.innerText)).not.toContain('Ada Admin');
    expect(await participant.evaluate(() => document.body.innerText)).not.toContain('Ada Admin');
    for (const [page, name] of [[interpreter, 'interpreter-page'], [participant, 'interpreter-participant'], [advocate, 'interpreter-console']] as const) {
      await screenshot(page, name);
    }
  });

  it('passes axe on the interpreter page, light and dark (and the participant’s question above)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await interpreter.emulateMedia({ colorScheme });
      expect(await seriousViolations(interpreter), colorScheme).toEqual([]);
    }
  });

  it('sent the link’s keys to no server, and logged none of them', async () => {
    const keys = new URL(link).hash.match(/k=([A-Za-z0-9_-]+)/)![1]!;
    const token = new URL(link).hash.match(/t=([A-Za-z0-9_-]+)/)![1]!;
    const fragment = new URL(link).hash;
    const everything = sent.join('\n');
    expect(sent.length).toBeGreaterThan(20);
    // The token went once, in the redeem body; the keys and the fragment never.
    expect(everything).toContain(`{"token":"${token}"}`);
    expect(everything).not.toContain(keys);
    expect(everything).not.toContain(fragment);
    for (const chunk of [keys.slice(0, 32), keys.slice(-32)]) expect(everything).not.toContain(chunk);
    const log = server.logs.join('\n');
    expect(log).not.toContain(keys);
    expect(log).not.toContain(token);
  });

  it('ends the interpreter with the chat, leaving no message on their page', async () => {
    await advocate.getByRole('button', { name: 'End conversation' }).click();
    await advocate.getByRole('button', { name: 'Confirm end' }).click();
    await interpreter.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await participant.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    const dom = await interpreter.evaluate(() => document.documentElement.outerHTML);
    for (const sentence of [text('ar'), text('zh'), text('fr')]) expect(dom).not.toContain(sentence);
    expect(await ts.store.db.selectFrom('interpreters').selectAll().execute()).toEqual([]);
    await screenshot(interpreter, 'interpreter-ended');
  });
});
