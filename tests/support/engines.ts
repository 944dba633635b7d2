/**
 * One small interface over the three browser engines a participant may use, so a scenario is
 * written once: Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi: no
 * geckodriver on Debian) and WebKitGTK (webdriverio, classic WebDriver, against Debian's
 * WebKitWebDriver and MiniBrowser under xvfb-run: MiniBrowser has no headless mode).
 *
 * Each engine is launched once per test file; every page comes in a fresh context (Chromium,
 * Firefox) or a fresh session (WebKit: classic WebDriver has no contexts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Browser as PlaywrightBrowser, BrowserContext as PlaywrightContext, Page as PlaywrightPage } from 'playwright-core';
import type { Browser as PuppeteerBrowser, BrowserContext as PuppeteerContext, Page as PuppeteerPage } from 'puppeteer-core';
import { ARTIFACTS, launchChromium } from './browser';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export type Key = 'Shift' | 'Enter';

/** A phone-sized window, as most participants have. */
export const PHONE = { width: 360, height: 740 };

export interface EnginePage {
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  /** Runs `fn` in the page with a JSON-serialisable argument; it sees nothing of the test's scope. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** A trusted click on the first element matching a CSS selector. */
  click(selector: string): Promise<void>;
  /** Types into the element matching a CSS selector, as keystrokes. */
  type(selector: string, text: string): Promise<void>;
  /** A whole key press (down and up) on whatever has focus. */
  press(key: Key): Promise<void>;
  /** test-artifacts/<name>.png, for people to look at. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
}

const artifact = async (name: string) => {
  await mkdir(ARTIFACTS, { recursive: true });
  return new URL(`${name}.png`, ARTIFACTS).pathname;
};

/** Two animation frames, so what is shown has been painted (WebKit screenshots come early otherwise). */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

export function launchEngine(name: EngineName): Promise<Engine> {
  if (name === 'chromium') return launchChromiumEngine();
  if (name === 'firefox') return launchFirefoxEngine();
  return launchWebKitEngine();
}

// ---------------------------------------------------------------- Chromium

async function launchChromiumEngine(): Promise<Engine> {
  const browser: PlaywrightBrowser = await launchChromium();
  return {
    name: 'chromium',
    async newPage() {
      const context: PlaywrightContext = await browser.newContext({ viewport: PHONE });
      const page: PlaywrightPage = await context.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        url: async () => page.url(),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        click: (selector) => page.locator(selector).first().click(),
        type: (selector, text) => page.locator(selector).first().pressSequentially(text),
        press: (key) => page.keyboard.press(key),
        async screenshot(name) {
          await page.evaluate(painted);
          await page.screenshot({ path: await artifact(name), fullPage: true });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- Firefox ESR

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

async function launchFirefoxEngine(): Promise<Engine> {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr (.ci/run does it)`);
  const { default: puppeteer } = await import('puppeteer-core');
  const browser: PuppeteerBrowser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  return {
    name: 'firefox',
    async newPage() {
      const context: PuppeteerContext = await browser.createBrowserContext();
      const page: PuppeteerPage = await context.newPage();
      await page.setViewport(PHONE);
      return {
        goto: async (url) => void (await page.goto(url)),
        url: async () => page.url(),
        evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
        click: (selector) => page.click(selector),
        type: (selector, text) => page.type(selector, text),
        press: (key) => page.keyboard.press(key),
        async screenshot(name) {
          await page.evaluate(painted);
          await page.screenshot({ path: (await artifact(name)) as `${string}.png`, fullPage: true });
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- WebKitGTK

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** WebDriver's codes for the keys the scenarios press. */
const WEBDRIVER_KEYS: Record<Key, string> = { Shift: '\uE008', Enter: '\uE007' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForDriver(port: number, driver: ChildProcess): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode})`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > until) throw new Error('WebKitWebDriver did not answer within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function launchWebKitEngine(): Promise<Engine> {
  for (const path of [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/xvfb-run']) {
    if (!existsSync(path)) throw new Error(`${path} not found: apt-get install -y webkit2gtk-driver xvfb (.ci/run does it)`);
  }
  const { remote } = await import('webdriverio');
  const port = await freePort();
  // Its own process group, so closing ends xvfb-run, Xvfb and the driver together.
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], { stdio: 'ignore', detached: true });
  await waitForDriver(port, driver);
  const options = {
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn' as const,
    // A session whose MiniBrowser did not come up (seen on a loaded machine) is retried soon, not after 2 minutes.
    connectionRetryTimeout: 30_000,
    connectionRetryCount: 3,
    capabilities: {
      browserName: 'MiniBrowser',
      // Classic WebDriver: WebKitWebDriver speaks no BiDi, and webdriverio would wait for it.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    },
  };
  const sessions = new Set<{ deleteSession(): Promise<unknown> }>();
  return {
    name: 'webkit',
    async newPage() {
      const browser = await remote(options);
      sessions.add(browser);
      await browser.setWindowSize(PHONE.width, PHONE.height);
      return {
        goto: (url) => browser.url(url) as Promise<never>,
        url: () => browser.getUrl(),
        // WebDriver's "execute script" does not wait for a promise; its async form does.
        evaluate: (fn, arg) =>
          browser
            .executeAsync(
              `const done = arguments[arguments.length - 1];
               Promise.resolve((${fn.toString()})(arguments[0])).then(done, (error) => done({ evaluateError: String(error) }));`,
              arg as unknown,
            )
            .then((result) => {
              if (result && typeof result === 'object' && 'evaluateError' in result) throw new Error(String(result.evaluateError));
              return result as never;
            }),
        click: async (selector) => (await browser.$(selector)).click(),
        type: async (selector, text) => (await browser.$(selector)).addValue(text),
        press: (key) => browser.action('key').down(WEBDRIVER_KEYS[key]).up(WEBDRIVER_KEYS[key]).perform(),
        async screenshot(name) {
          await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
          await browser.saveScreenshot(await artifact(name));
        },
        async close() {
          sessions.delete(browser);
          await browser.deleteSession();
        },
      };
    },
    async close() {
      await Promise.allSettled([...sessions].map((s) => s.deleteSession()));
      if (driver.pid) process.kill(-driver.pid, 'SIGTERM');
    },
  };
}
