import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ServiceStatus } from '@lantern/protocol';
import { getJson } from '../../apps/server/test/support/clients';
import { openTestStore, type TestStore } from '../../apps/server/test/support/backends';
import { startServer, type TestServer } from '../../apps/server/test/support/server';
import { launchChromium, screenshot } from '../support/browser';
import { seriousViolations } from '../support/axe';
import { enrolTotp } from '../support/two-factor';

/**
 * The first-run setup asks for at least one other way to reach the program, or the program's
 * words that there is none; it starts from the ALTERNATIVES setting, which participants see until
 * then, rather than from an empty list.
 */
describe('console: other ways to reach the program at setup', () => {
  let browser: Browser | undefined;
  let ts: TestStore | undefined;
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    await ts?.dispose();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function setupPage(alternatives: Array<{ label: string; value: string }>) {
    ts = await openTestStore('pglite');
    server = await startServer(ts.store, { alternatives });
    browser ??= await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/staff/#setup=${server.setupToken}`);
    await page.getByRole('heading', { name: 'Set up Lantern' }).waitFor();
    await page.getByLabel('Your name').fill('Ada Admin');
    await page.getByLabel('Username').fill('ada');
    await page.getByLabel('Password', { exact: true }).fill('a long admin passphrase');
    await page.getByLabel('Repeat password').fill('a long admin passphrase');
    await enrolTotp(page, 'ada');
    return page;
  }

  it('refuses to create the program without another way or words that there is none', async () => {
    const page = await setupPage([]);
    await page.getByRole('heading', { name: 'Other ways to reach you' }).waitFor();
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByRole('alert').getByText('Give at least one other way to reach you (a phone line, say), or write that there is none.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('no-other-way');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-setup-no-other-way');

    const words = 'We have no phone line. You can come back to this chat at any time.';
    await page.getByLabel('If there is no other way to reach you').fill(words);
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Program key fingerprint').waitFor({ timeout: 30_000 });
    expect((await getJson<ServiceStatus>(`${server!.url}/api/status`)).body).toMatchObject({ alternatives: [], no_other_way: words });
  });

  it('starts from the ALTERNATIVES setting that participants see until setup', async () => {
    const page = await setupPage([{ label: 'Hotline', value: '1-800-555-0100' }]);
    const row = page.getByRole('group', { name: 'Alternative 1' });
    await expect.poll(() => row.getByLabel('Number or address').inputValue()).toBe('1-800-555-0100');
    await page.getByRole('button', { name: 'Add an alternative' }).click();
    const added = page.getByRole('group', { name: 'Alternative 2' });
    await added.getByLabel('Label').fill('Text line');
    await added.getByLabel('Number or address').fill('Text HOME to 741741');
    await page.getByRole('button', { name: 'Create program' }).click();
    await page.getByText('Program key fingerprint').waitFor({ timeout: 30_000 });
    expect((await getJson<ServiceStatus>(`${server!.url}/api/status`)).body.alternatives).toEqual([
      { label: 'Hotline', value: '1-800-555-0100' },
      { label: 'Text line', value: 'Text HOME to 741741' },
    ]);
  });
});
