import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { TEST_NO_OTHER_WAY } from '../../apps/server/test/support/clients';
import { launchChromium, screenshot } from '../support/browser';
import { signInToConsole } from '../support/console';
import { startStack, type Stack } from '../support/participant';

/**
 * "No" to "is it safe for you to chat on this device?" on a program with no other way to reach it
 * (no ALTERNATIVES): the page promises nothing it cannot show, and the advocate's console says
 * what the participant's page actually showed, as that page reported it.
 */
describe('an unsafe device on a program without alternatives', () => {
  let stack: Stack;
  let browser: Browser;
  let console_: Page;

  beforeAll(async () => {
    // Setup said there is no other way, in the program's words (support/clients.ts, setupAdmin).
    [stack, browser] = await Promise.all([startStack({ alternatives: [] }), launchChromium()]);
    console_ = await (await browser.newContext()).newPage();
    await console_.goto(`${stack.server.url}/staff/`);
    await signInToConsole(console_, 'admin', 'correct horse battery');
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A participant answers "No", reads what follows, carries on; the advocate answers in the console. */
  async function sayNotSafe(): Promise<{ page: Page; shown: string }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('button', { name: 'No', exact: true }).click();
    const steps = page.locator('.prechat');
    await steps.getByRole('heading', { name: 'Safer ways to reach us' }).waitFor();
    await steps.getByRole('button', { name: 'Exit' }).waitFor();
    const shown = (await steps.innerText()).trim();
    expect(shown).not.toMatch(/another way/i);
    // Nothing ends in a colon that introduces a list that is not there.
    expect(shown.split('\n').filter((line) => line.trim().endsWith(':'))).toEqual([]);
    await steps.getByRole('button', { name: 'Continue here' }).click();
    await page.locator('#message:enabled').waitFor();
    await console_.getByRole('link', { name: 'Conversations' }).click();
    await console_.getByRole('button', { name: 'Answer' }).click();
    await console_.getByRole('log', { name: 'Conversation' }).waitFor();
    return { page, shown };
  }

  const end = async (page: Page) => {
    await page.getByRole('button', { name: 'End chat' }).click();
    await page.getByRole('button', { name: 'Yes, end the chat' }).click();
    await page.getByRole('heading', { name: 'This chat has ended' }).waitFor();
    await page.context().close();
  };

  const consoleSays = () => console_.locator('.message.pre-chat .error').innerText();

  it('shows the program’s words that there is no other way, and the console says they saw them', async () => {
    const { page, shown } = await sayNotSafe();
    expect(shown).toMatch(/Other ways to reach us\n+We have no phone line\. You can come back to this chat at any time\./);
    await screenshot(page, 'participant-safety-no-other-way');
    await expect.poll(consoleSays).toContain(`your words that there is no other way to reach you: “${TEST_NO_OTHER_WAY}”`);
    expect(await consoleSays()).not.toMatch(/these other ways|if any/);
    await end(page);
  });

  it('with neither (a program set up before this was asked), shows no heading over nothing, and the console says so', async () => {
    const cleared = await fetch(`${stack.server.url}/api/admin/status`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.staff.session.token}` },
      body: JSON.stringify({ override: 'none', alternatives: [], noOtherWay: null }),
    });
    expect(cleared.status).toBe(200);
    const { page, shown } = await sayNotSafe();
    expect(shown).not.toContain('Other ways to reach us');
    expect(shown).not.toContain(TEST_NO_OTHER_WAY);
    await expect.poll(consoleSays).toContain('and no other way to reach you: none is set (Program screen).');
    await end(page);
  });
});
