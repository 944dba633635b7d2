import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium; Playwright's own browser download cannot work here. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumOptions(extra: LaunchOptions = {}): LaunchOptions {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it)`);
  return { executablePath: CHROMIUM, args: CHROMIUM_FLAGS, ...extra };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumOptions());
}

/** Screenshots for people to look at; not compared by the tests. */
export const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

export async function screenshot(context: BrowserContext | { screenshot: (o: { path: string; fullPage: boolean }) => Promise<unknown> }, name: string) {
  await mkdir(ARTIFACTS, { recursive: true });
  const page = 'pages' in context ? context.pages()[0] : context;
  await page?.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage: true });
}
