import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as lc from '@lantern/crypto';
import type { MessageFrame } from '@lantern/protocol';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { FrameSocket, inviteMember, sendText, setupAdmin, signIn as signInNode, startV2Participant, totpCodeFor } from '../../apps/server/test/support/clients';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { signInToConsole } from '../support/console';
import { loadFixtures } from '../support/fixtures';
import { activeId, tabTo } from '../support/keyboard';

/**
 * An advocate's shift with the keyboard alone: sign in, go available, open the conversation routing
 * hands over, answer, read the reply, end it. Then axe over every console screen a member can
 * reach, with a conversation open (no serious or critical WCAG 2.2 A/AA violation).
 */
const ADMIN_PASSWORD = 'a long admin passphrase';
const ADVOCATE_PASSWORD = 'an advocate passphrase';

describe('console: keyboard-only shift and axe on every screen', () => {
  let ts: TestStore;
  let server: TestServer;
  let browser: Browser;
  const fixtures = loadFixtures();
  const arabic = fixtures.messages.find((m) => m.lang.startsWith('ar'))!.text;

  beforeAll(async () => {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store);
    await setupAdmin(server.url, server.setupToken, 'ada', ADMIN_PASSWORD);
    const admin = await signInNode(server.url, 'ada', ADMIN_PASSWORD);
    await inviteMember(server.url, admin, 'avery', ADVOCATE_PASSWORD);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ts?.dispose();
  });

  it('signs in, goes available, answers, reads the reply and ends the conversation without a mouse', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/staff/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await tabTo(page, { id: 'signin-username' });
    await page.keyboard.type('avery');
    await page.keyboard.press('Tab');
    expect(await activeId(page)).toBe('signin-password');
    await page.keyboard.type(ADVOCATE_PASSWORD);
    await tabTo(page, { id: 'signin-code' });
    await page.keyboard.type(await totpCodeFor(server.url, 'avery'));
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Conversations' }).waitFor({ timeout: 30_000 });

    await tabTo(page, { id: 'available' });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => (document.getElementById('available') as HTMLInputElement | null)?.checked === true);

    // Routing hands the new conversation to the only available advocate.
    const participant = await startV2Participant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    // As the page does: it hands its conversation secret to the console tab that asks.
    participant.answerOn(socket);
    await socket.next((f) => f.type === 'conversation' && f.status === 'active', 15_000);

    await tabTo(page, { selector: 'button.pick' });
    await page.keyboard.press('Enter');
    await tabTo(page, { id: 'composer' });
    await page.keyboard.type('Hello, I am here to listen.');
    await page.keyboard.press('Enter');
    const answer = (await socket.next((f) => f.type === 'message' && f.sender === 'staff')) as MessageFrame;
    expect((await lc.decryptMessage(participant.keys, 'staff', answer.clientId, answer.body)).text).toBe('Hello, I am here to listen.');

    await sendText(socket, participant.keys, 'participant', arabic);
    await page.getByText(arabic).waitFor();
    // The composer keeps the focus after sending: the advocate goes on typing.
    expect(await activeId(page)).toBe('composer');
    await screenshot(page, 'console-keyboard-chatting');

    await tabTo(page, { text: 'End conversation' });
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Confirm end' });
    await confirm.waitFor();
    if (!(await confirm.evaluate((el) => el === document.activeElement))) await tabTo(page, { text: 'Confirm end' });
    await page.keyboard.press('Enter');
    expect(await socket.next((f) => f.type === 'closed')).toMatchObject({ by: 'staff' });
    socket.close();

    // Signing out ends the shift's availability: nothing more is routed to a closed console.
    await tabTo(page, { text: 'Sign out' }, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.close();
  });

  it('has no serious or critical violation on any screen, with a conversation open', async () => {
    const found: string[] = [];
    const participant = await startV2Participant(server.url);
    const socket = await FrameSocket.connect(server.wsUrl, participant.started.token);
    // As the page does: it hands its conversation secret to the console tab that asks.
    participant.answerOn(socket);
    await socket.next((f) => f.type === 'ready');

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/staff/`);
    await signInToConsole(page, 'ada', ADMIN_PASSWORD);

    await page.getByRole('button', { name: 'Answer' }).first().click();
    await page.getByLabel('Message').waitFor();
    await sendText(socket, participant.keys, 'participant', arabic);
    await page.getByText(arabic).waitFor();
    found.push(...(await seriousViolations(page)).map((v) => `conversations: ${v}`));

    const screens: Array<[string, string]> = [
      ['staff', 'Staff'],
      ['program', 'Program'],
      ['canned', 'Canned messages'],
      ['notices', 'Notices'],
      ['statistics', 'Statistics'],
      ['account', 'Account'],
    ];
    for (const [hash, heading] of screens) {
      await page.getByRole('link', { name: heading, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // Let the screen's own requests land before axe looks.
      await page.waitForLoadState('networkidle');
      found.push(...(await seriousViolations(page)).map((v) => `${hash}: ${v}`));
    }
    expect(found).toEqual([]);
    socket.close();
    await page.close();
  });
});
