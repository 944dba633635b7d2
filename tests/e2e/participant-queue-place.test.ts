import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { FrameSocket, startParticipant } from '../../apps/server/test/support/clients';
import { seedClosed } from '../../apps/server/test/support/statistics-seed';
import { launchChromium, screenshot } from '../support/browser';
import { startStack, type Stack } from '../support/participant';

/**
 * The waiting participant's page says their place in line and the usual wait lately when the
 * program turns it on (Program screen), follows the place as it changes, and says nothing of it
 * while the setting is off.
 */
describe('the place in line on the participant page', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const setQueuePlace = async (queuePlace: boolean) => {
    const response = await fetch(`${stack.server.url}/api/admin/routing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.staff.session.token}` },
      body: JSON.stringify({ conversationCap: 10, shiftEndMarginMinutes: 30, queuePlace }),
    });
    expect(response.status).toBe(200);
  };

  it('shows nothing while off, then "2nd in line" with the usual wait, then "1st" when the one ahead is answered', async () => {
    // Six answered waits lately, most from 1 to 5 minutes: the statistics' hourly counts are all it reads.
    const now = Date.now();
    await seedClosed(
      stack.ts.store.db,
      [30, 90, 120, 150, 200, 240].map((after, i) => ({ startedAt: new Date(now - (i + 1) * 3_600_000), answeredAfter: after, closedAfter: after + 600 })),
    );
    const ahead = await startParticipant(stack.server.url);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    const status = page.locator('.chat-head [role="status"]');
    await expect.poll(() => status.textContent()).toBe('Waiting for an advocate…');
    await page.waitForTimeout(500);
    expect(await status.textContent()).toBe('Waiting for an advocate…');

    await setQueuePlace(true);
    await expect.poll(() => status.textContent()).toBe('Waiting for an advocate… You are 2nd in line. Lately, the usual wait has been 1 to 5 minutes.');
    await screenshot(page, 'participant-queue-place');

    const staff = await FrameSocket.connect(stack.server.wsUrl, stack.staff.session.token);
    staff.send({ type: 'claim', conversationId: ahead.started.conversationId });
    await expect.poll(() => status.textContent()).toBe('Waiting for an advocate… You are 1st in line. Lately, the usual wait has been 1 to 5 minutes.');
    staff.close();
    await setQueuePlace(false);
    await expect.poll(() => status.textContent()).toBe('Waiting for an advocate…');
  });
});
