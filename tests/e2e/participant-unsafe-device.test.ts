import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { startStack, type Stack } from '../support/participant';

/**
 * "No" to "is it safe for you to chat on this device?" on a program with no other way to reach
 * it (no ALTERNATIVES): the page promises nothing it cannot show.
 */
describe('an unsafe device on a program without alternatives', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ alternatives: [] }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('gives the advice and a way out, with no "reach us another way" followed by nothing', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.server.url}/`);
    await page.getByRole('button', { name: 'Start a chat' }).click();
    await page.getByRole('button', { name: 'I understand' }).click();
    await page.getByRole('button', { name: 'No', exact: true }).click();
    const steps = page.locator('.prechat');
    await steps.getByRole('heading', { name: 'Safer ways to reach us' }).waitFor();
    const shown = (await steps.innerText()).trim();
    expect(shown).not.toMatch(/another way/i);
    // Nothing ends in a colon that introduces a list that is not there.
    expect(shown.split('\n').filter((line) => line.trim().endsWith(':'))).toEqual([]);
    await steps.getByRole('button', { name: 'Exit' }).waitFor();
    await page.context().close();
  });
});
