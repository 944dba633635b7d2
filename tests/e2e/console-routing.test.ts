import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import type { RoutingSelf } from '@lantern/protocol';
import { FrameSocket, getJson, inviteMember, sendText, setupAdmin, signIn as signInNode, startV2Participant, type Participant } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';

/**
 * Queue routing through the real console: an advocate switches to available and is handed
 * conversations up to the program's cap; the first opens by itself, a handed one waits marked New
 * while the advocate types elsewhere; a colleague who stays away sees only what still waits.
 * Three conversations open at once, switched with the keyboard alone; axe on the queue screen.
 */
const ADMIN_PASSWORD = 'a long admin passphrase';

/**
 * A console page whose desktop notifications and tones are recorded: permission granted, the
 * window never in front (so notifications show), and every oscillator counted.
 */
async function consolePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const w = window as unknown as { alerts: Array<{ title: string; body: string | undefined }>; tones: number };
    w.alerts = [];
    w.tones = 0;
    class RecordedNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        w.alerts.push({ title, body: options?.body });
      }
      close(): void {}
    }
    Object.defineProperty(window, 'Notification', { value: RecordedNotification });
    document.hasFocus = () => false;
    const Real = window.AudioContext;
    window.AudioContext = class extends Real {
      override createOscillator() {
        w.tones++;
        return super.createOscillator();
      }
    };
  });
  return context.newPage();
}

const alertTitles = (page: Page) => page.evaluate(() => (window as unknown as { alerts: Array<{ title: string }> }).alerts.map((a) => a.title));
const tones = (page: Page) => page.evaluate(() => (window as unknown as { tones: number }).tones);

describe('queue routing in the console', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  let avery: Page;
  let blake: Page;
  /** A session of Blake's own, apart from the browser's, for reading routing from Node. */
  let blakeToken: string;
  const participants: Array<{ p: Participant; socket: FrameSocket }> = [];

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', ADMIN_PASSWORD);
    const admin = await signInNode(server.url, 'ada', ADMIN_PASSWORD);
    await inviteMember(server.url, admin, 'avery', 'an advocate passphrase');
    blakeToken = (await inviteMember(server.url, admin, 'blake', 'another advocate passphrase')).session.token;
    browser = await launchChromium();
    avery = await consolePage(browser);
    blake = await consolePage(browser);
    await avery.goto(`${server.url}/staff/`);
    await signInToConsole(avery, 'avery', 'an advocate passphrase');
    await blake.goto(`${server.url}/staff/`);
    await signInToConsole(blake, 'blake', 'another advocate passphrase');
  });

  afterAll(async () => {
    for (const { socket } of participants) socket.close();
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  const yours = (page: Page) => page.getByRole('list', { name: 'Yours' }).getByRole('button');
  const markedNew = (page: Page) => page.getByRole('list', { name: 'Yours' }).getByText('New: handed to you');
  const waitingList = (page: Page) => page.getByRole('list', { name: 'Waiting' }).getByRole('listitem');

  it('starts away; switched to available, the advocate is handed conversations up to the cap, and the away one sees only what waits', async () => {
    const available = avery.getByRole('switch', { name: 'Available for new conversations' });
    expect(await available.isChecked()).toBe(false);
    await available.check();
    await avery.getByText('Waiting conversations are handed to you, up to your limit.').waitFor();
    expect(await blake.getByRole('switch', { name: 'Available for new conversations' }).isChecked()).toBe(false);

    for (let i = 0; i < 4; i++) {
      const p = await startV2Participant(server.url);
      const socket = await FrameSocket.connect(server.wsUrl, p.started.token);
      // As the page does: it hands its conversation secret to the console tab that asks.
      p.answerOn(socket);
      participants.push({ p, socket });
    }
    for (const { socket } of participants.slice(0, 3)) await socket.next((f) => f.type === 'conversation' && f.status === 'active');

    await expect.poll(() => yours(avery).count()).toBe(3);
    await avery.getByText('3 of 3 conversations').waitFor();
    // The first handed opened by itself (nothing was open); the two after it did not take its place, and wait marked New.
    await expect.poll(() => yours(avery).nth(0).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => markedNew(avery).count()).toBe(2);
    await avery.getByRole('heading', { name: /^Web chat/ }).waitFor();
    await expect.poll(() => waitingList(avery).count()).toBe(1);
    await avery.getByText('You hold as many conversations as the program allows at once').waitFor();

    // Blake, away, holds nothing and sees the fourth conversation waiting, with its wait and channel.
    await expect.poll(() => waitingList(blake).count()).toBe(1);
    await blake.getByText('You have no open conversations.').waitFor();
    await blake.getByText('0 of 3 conversations').waitFor();
    expect(await waitingList(blake).first().textContent()).toMatch(/Web chat.*Waiting under a minute/);
    // Alerts say that something is there, never what: no content, no language, no name.
    await expect.poll(() => alertTitles(avery)).toContain('New conversation assigned to you');
    await expect.poll(() => alertTitles(blake)).toContain('New conversation waiting');
    expect(await avery.evaluate(() => (window as unknown as { alerts: Array<{ body?: string }> }).alerts.every((a) => !a.body))).toBe(true);
    expect(await tones(avery)).toBeGreaterThan(0);
    await screenshot(avery, 'console-routing-advocate');
    await screenshot(blake, 'console-routing-away');
  });

  it('switches between the three open conversations with the keyboard alone, and shows unread messages in the others', async () => {
    const [first, second] = participants as [(typeof participants)[0], (typeof participants)[0]];
    // The first opened by itself, with focus in its composer.
    await expect.poll(() => yours(avery).nth(0).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => avery.evaluate(() => document.activeElement?.id)).toBe('composer');

    await sendText(second.socket, second.p.keys, 'participant', 'Written to the second conversation');
    await yours(avery).nth(1).getByText('1 unread').waitFor();
    await expect.poll(() => alertTitles(avery)).toContain('New message');
    for (const title of await alertTitles(avery)) expect(['New conversation waiting', 'New conversation assigned to you', 'New message']).toContain(title);
    await sendText(first.socket, first.p.keys, 'participant', 'Written to the first conversation');
    await avery.getByRole('log', { name: 'Conversation' }).getByText('Written to the first conversation').waitFor();

    await avery.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => yours(avery).nth(1).getAttribute('aria-current')).toBe('true');
    // Opened, it is no longer new.
    await expect.poll(() => markedNew(avery).count()).toBe(1);
    await avery.getByRole('log', { name: 'Conversation' }).getByText('Written to the second conversation').waitFor();
    // The view that opens takes focus in its composer once it has rendered.
    await expect.poll(() => avery.evaluate(() => document.activeElement?.id)).toBe('composer');
    // A half-typed reply waits in its conversation while the advocate looks at another.
    await avery.keyboard.type('Still typing this');
    await avery.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => yours(avery).nth(2).getAttribute('aria-current')).toBe('true');
    expect(await avery.getByLabel('Message').inputValue()).toBe('');
    await avery.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => yours(avery).nth(1).getAttribute('aria-current')).toBe('true');
    expect(await avery.getByLabel('Message').inputValue()).toBe('Still typing this');
    await avery.getByLabel('Message').fill('');
    await avery.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => yours(avery).nth(2).getAttribute('aria-current')).toBe('true');
    // Past the last, back to the first; and up again to the last.
    await avery.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => yours(avery).nth(0).getAttribute('aria-current')).toBe('true');
    await avery.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => yours(avery).nth(2).getAttribute('aria-current')).toBe('true');
    await screenshot(avery, 'console-routing-three-open');
  });

  it('passes axe on the queue screen, for the advocate at the cap and the one away', async () => {
    expect(await seriousViolations(avery)).toEqual([]);
    expect(await seriousViolations(blake)).toEqual([]);
  });

  it('lets an admin change the cap on the Program screen, refusing a value out of range', async () => {
    const admin = await (await browser.newContext()).newPage();
    await admin.goto(`${server.url}/staff/#program`);
    await signInToConsole(admin, 'ada', ADMIN_PASSWORD);
    const cap = admin.getByLabel('Conversations per advocate at once');
    await cap.fill('0');
    await admin.getByRole('button', { name: 'Save routing' }).click();
    await admin.getByRole('alert').getByText('Conversations per advocate must be a whole number from 1 to 100.').waitFor();
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('routing-cap');
    await cap.fill('4');
    await admin.getByRole('button', { name: 'Save routing' }).click();
    await admin.getByText('Saved: up to 4 conversations per advocate, none new in the last 30 minutes of a shift.').waitFor();
    const routing = await getJson<RoutingSelf>(`${server.url}/api/staff/routing`, blakeToken);
    expect(routing.body.settings).toEqual({ conversationCap: 4, shiftEndMarginMinutes: 30 });
    // Room under the new cap: the conversation still waiting goes to the available advocate.
    await participants[3]!.socket.next((f) => f.type === 'conversation' && f.status === 'active');
    await expect.poll(() => yours(avery).count()).toBe(4);
    await admin.context().close();
  });

  it('lets the away advocate answer from the queue', async () => {
    // Avery is at the new cap of 4: a fifth conversation waits, and Blake answers it. Blake has muted the tone: the notification still comes.
    await blake.getByRole('switch', { name: 'Sound alerts' }).uncheck();
    const [alertsBefore, tonesBefore] = [(await alertTitles(blake)).length, await tones(blake)];
    expect(tonesBefore).toBeGreaterThan(0);
    const p = await startV2Participant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, p.started.token);
    // As the page does: it hands its conversation secret to the console tab that asks.
    p.answerOn(socket);
    participants.push({ p, socket });
    await expect.poll(() => waitingList(blake).count()).toBe(1);
    await expect.poll(async () => (await alertTitles(blake)).length).toBe(alertsBefore + 1);
    expect((await alertTitles(blake)).at(-1)).toBe('New conversation waiting');
    expect(await tones(blake)).toBe(tonesBefore);
    await waitingList(blake).first().getByRole('button', { name: 'Answer' }).click();
    await participants[4]!.socket.next((f) => f.type === 'conversation' && f.status === 'active');
    await expect.poll(() => yours(blake).count()).toBe(1);
    await expect.poll(() => waitingList(avery).count()).toBe(0);
  });

  it('opens a handed conversation by itself over an open one, but not while the advocate types in it', async () => {
    // Blake holds one (answered above, open on his screen) and is now available: routing hands him the next ones.
    await blake.getByRole('switch', { name: 'Available for new conversations' }).check();
    const open = async () => {
      const p = await startV2Participant(server.url);
      const socket = await FrameSocket.connect(server.wsUrl, p.started.token);
      p.answerOn(socket);
      participants.push({ p, socket });
      await socket.next((f) => f.type === 'conversation' && f.status === 'active');
    };
    const composer = blake.getByLabel('Message', { exact: true });
    await expect.poll(() => yours(blake).nth(0).getAttribute('aria-current')).toBe('true');

    // Typing a reply: the new one does not take the screen from under the fingers.
    await composer.click();
    await blake.keyboard.type('I am writing to you');
    await open();
    await expect.poll(() => yours(blake).count()).toBe(2);
    await blake.getByText('A new conversation was handed to you: marked New under Yours, so what you are doing stays on screen.').waitFor();
    expect(await markedNew(blake).count()).toBe(1);
    expect(await yours(blake).nth(0).getAttribute('aria-current')).toBe('true');
    expect(await composer.inputValue()).toBe('I am writing to you');
    expect(await seriousViolations(blake)).toEqual([]);
    await screenshot(blake, 'console-routing-handed-while-typing');

    // Sent, and the focus out of the composer: the next one handed opens by itself, over the open one.
    await composer.press('Enter');
    await blake.getByRole('log', { name: 'Conversation' }).getByText('I am writing to you', { exact: true }).waitFor();
    await blake.getByRole('heading', { name: 'Yours' }).click();
    await open();
    await expect.poll(() => yours(blake).count()).toBe(3);
    await blake.getByText('A new conversation was handed to you and is open.').waitFor();
    await expect.poll(() => yours(blake).nth(2).getAttribute('aria-current')).toBe('true');
    // The one handed while he typed still waits, marked.
    expect(await markedNew(blake).count()).toBe(1);
    await blake.getByRole('switch', { name: 'Available for new conversations' }).uncheck();
  });
});
