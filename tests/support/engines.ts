/**
 * One small interface over the three browser engines a participant may use, so a scenario is
 * written once: Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi: no
 * geckodriver on Debian) and WebKitGTK (webdriverio, classic WebDriver, against Debian's
 * WebKitWebDriver and MiniBrowser under xvfb-run: MiniBrowser has no headless mode).
 *
 * Each engine is launched once per test file; every page comes in a fresh context (Chromium,
 * Firefox) or a fresh session (WebKit: classic WebDriver has no contexts). An engine launched with
 * a `profile` directory instead keeps everything it writes under it and shuts down cleanly, so a
 * test can search its files afterwards (the forensic sweep).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser as PlaywrightBrowser, BrowserContext as PlaywrightContext, Page as PlaywrightPage } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { chromium } from 'playwright-core';
import { ARTIFACTS, chromiumOptions, launchChromium } from './browser';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export type Key = 'Shift' | 'Enter';

/** A phone-sized window, as most participants have. */
export const PHONE = { width: 360, height: 740 };

/** A document a scenario works in: the page itself, or a frame in it (the launcher's panel). */
export interface EngineSurface {
  /** Runs `fn` in the document with a JSON-serialisable argument; it sees nothing of the test's scope. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** A trusted click on the first element matching a CSS selector. */
  click(selector: string): Promise<void>;
  /** Types into the element matching a CSS selector, as keystrokes. */
  type(selector: string, text: string): Promise<void>;
  /** A whole key press (down and up) on whatever has focus. */
  press(key: Key): Promise<void>;
}

export interface EnginePage extends EngineSurface {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /** The top-level address. */
  url(): Promise<string>;
  /** The document inside the first iframe matching a CSS selector, once there is one. */
  frame(selector: string): Promise<EngineSurface>;
  /** test-artifacts/<name>.png, for people to look at. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** A page in a fresh context; with a profile, the profile's own page (there is only one). */
  newPage(): Promise<EnginePage>;
  /** Quits the browser; with a profile, cleanly, and resolves once it has written what it writes at exit. */
  close(): Promise<void>;
}

export interface EngineOptions {
  /**
   * A fresh directory the engine keeps all its data in: its profile, and the home, cache, config
   * and data directories of its processes (so nothing it writes lands outside).
   */
  profile?: string;
}

const artifact = async (name: string) => {
  await mkdir(ARTIFACTS, { recursive: true });
  return new URL(`${name}.png`, ARTIFACTS).pathname;
};

/** Two animation frames, so what is shown has been painted (WebKit screenshots come early otherwise). */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));

export function launchEngine(name: EngineName, options: EngineOptions = {}): Promise<Engine> {
  if (name === 'chromium') return launchChromiumEngine(options);
  if (name === 'firefox') return launchFirefoxEngine(options);
  return launchWebKitEngine(options);
}

/** The environment of an engine with a profile: every per-user directory inside it. */
async function profileEnvironment(profile: string): Promise<Record<string, string>> {
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data' };
  const env: Record<string, string> = {};
  for (const [name, dir] of Object.entries(dirs)) {
    env[name] = join(profile, dir);
    await mkdir(env[name], { recursive: true });
  }
  return { ...(process.env as Record<string, string>), ...env };
}

// ---------------------------------------------------------------- Chromium

function chromiumPage(page: PlaywrightPage, close: () => Promise<void>): EnginePage {
  const press = (key: Key) => page.keyboard.press(key);
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: async () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: (selector) => page.locator(selector).first().click(),
    type: (selector, text) => page.locator(selector).first().pressSequentially(text),
    press,
    async frame(selector) {
      const frame = await (await page.waitForSelector(selector)).contentFrame();
      if (!frame) throw new Error(`${selector} is not a frame`);
      return {
        evaluate: (fn, arg) => frame.evaluate(fn as never, arg) as never,
        click: (inner) => frame.locator(inner).first().click(),
        type: (inner, text) => frame.locator(inner).first().pressSequentially(text),
        press,
      };
    },
    async screenshot(name) {
      await page.evaluate(painted);
      await page.screenshot({ path: await artifact(name), fullPage: true });
    },
    close,
  };
}

async function launchChromiumEngine({ profile }: EngineOptions): Promise<Engine> {
  if (profile) {
    // A persistent context is Chromium's real profile on disk (user-data-dir); closing it quits the browser cleanly.
    const context = await chromium.launchPersistentContext(join(profile, 'user-data'), chromiumOptions({ env: await profileEnvironment(profile) }));
    return {
      name: 'chromium',
      async newPage() {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.setViewportSize(PHONE);
        return chromiumPage(page, () => page.close());
      },
      close: () => context.close(),
    };
  }
  const browser: PlaywrightBrowser = await launchChromium();
  return {
    name: 'chromium',
    async newPage() {
      const context: PlaywrightContext = await browser.newContext({ viewport: PHONE });
      return chromiumPage(await context.newPage(), () => context.close());
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- Firefox ESR

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

function firefoxPage(page: PuppeteerPage, close: () => Promise<void>): EnginePage {
  const press = (key: Key) => page.keyboard.press(key);
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    url: async () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: (selector) => page.click(selector),
    type: (selector, text) => page.type(selector, text),
    press,
    async frame(selector) {
      const frame = await (await page.waitForSelector(selector))!.contentFrame();
      if (!frame) throw new Error(`${selector} is not a frame`);
      return {
        evaluate: (fn, arg) => frame.evaluate(fn as never, arg) as never,
        click: (inner) => frame.click(inner),
        type: (inner, text) => frame.type(inner, text),
        press,
      };
    },
    async screenshot(name) {
      await page.evaluate(painted);
      await page.screenshot({ path: (await artifact(name)) as `${string}.png`, fullPage: true });
    },
    close,
  };
}

async function launchFirefoxEngine({ profile }: EngineOptions): Promise<Engine> {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr (.ci/run does it)`);
  const { default: puppeteer } = await import('puppeteer-core');
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    ...(profile && { userDataDir: join(profile, 'firefox-profile'), env: await profileEnvironment(profile) }),
  });
  return {
    name: 'firefox',
    async newPage() {
      // With a profile, its default context: a created one (a BiDi user context) would be a container in it.
      const page: PuppeteerPage = profile
        ? ((await browser.pages())[0] ?? (await browser.newPage()))
        : await (await browser.createBrowserContext()).newPage();
      await page.setViewport(PHONE);
      return firefoxPage(page, () => (profile ? page.close() : page.browserContext().close()));
    },
    // Over BiDi this asks Firefox to quit (it writes its session and storage as it would for a person) and waits for it.
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- WebKitGTK

export const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** The WebKitGTK browser that keeps a profile on disk, and Debian's Python with GObject introspection to run it. */
const WEBKIT_SHELL = fileURLToPath(new URL('webkit-shell.py', import.meta.url));
const WEBKIT_SHELL_PYTHON = '/usr/bin/python3';
const WEBKIT_TYPELIB = '/usr/lib/x86_64-linux-gnu/girepository-1.0/WebKit2-4.1.typelib';
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

/** The processes left in a process group, by name (/proc/PID/stat: "pid (comm) state ppid pgrp ..."). */
async function processesInGroup(group: number): Promise<string[]> {
  const names: string[] = [];
  for (const pid of (await readdir('/proc')).filter((entry) => /^\d+$/.test(entry))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const match = /^\d+ \((.*)\) \S+ \d+ (\d+)/.exec(stat);
    if (match && Number(match[2]) === group) names.push(match[1]!);
  }
  return names;
}

/** What stays up between sessions: the display and the driver. */
const WEBKIT_HOSTS = new Set(['xvfb-run', 'Xvfb', 'WebKitWebDriver', 'xkbcomp', 'sh']);

async function launchWebKitEngine({ profile }: EngineOptions): Promise<Engine> {
  for (const path of [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/xvfb-run', ...(profile ? [WEBKIT_SHELL_PYTHON, WEBKIT_TYPELIB] : [])]) {
    if (!existsSync(path)) throw new Error(`${path} not found: apt-get install -y webkit2gtk-driver xvfb gir1.2-webkit2-4.1 (.ci/run does it)`);
  }
  const { remote } = await import('webdriverio');
  const port = await freePort();
  // Its own process group, so closing ends xvfb-run, Xvfb, the driver and the browser together.
  const driver = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
    ...(profile && { env: await profileEnvironment(profile) }),
  });
  await waitForDriver(port, driver);
  // MiniBrowser under --automation keeps nothing on disk; with a profile, the shell that does (webkit-shell.py says why).
  const browserOptions = profile
    ? { browserName: 'LanternWebKitShell', 'webkitgtk:browserOptions': { binary: WEBKIT_SHELL_PYTHON, args: [WEBKIT_SHELL, profile] } }
    : { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } };
  const options = {
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn' as const,
    // A session whose MiniBrowser did not come up (seen on a loaded machine) is retried soon, not after 2 minutes.
    connectionRetryTimeout: 30_000,
    connectionRetryCount: 3,
    capabilities: {
      ...browserOptions,
      // Classic WebDriver: WebKitWebDriver speaks no BiDi, and webdriverio would wait for it.
      'wdio:enforceWebDriverClassic': true,
    },
  };
  const sessions = new Set<{ deleteSession(): Promise<unknown> }>();
  return {
    name: 'webkit',
    async newPage() {
      const browser = await remote(options);
      sessions.add(browser);
      await browser.setWindowSize(PHONE.width, PHONE.height);
      // Classic WebDriver works in one browsing context at a time: the top (null) or a frame's selector.
      let current: string | null = null;
      const within = async (frame: string | null) => {
        if (current === frame) return;
        await browser.switchFrame(null);
        current = null;
        if (frame) {
          await browser.switchFrame(browser.$(frame));
          current = frame;
        }
      };
      const surface = (frame: string | null): EngineSurface => ({
        // WebDriver's "execute script" does not wait for a promise; its async form does.
        evaluate: async (fn, arg) => {
          await within(frame);
          const result = await browser.executeAsync(
            `const done = arguments[arguments.length - 1];
             Promise.resolve((${fn.toString()})(arguments[0])).then(done, (error) => done({ evaluateError: String(error) }));`,
            arg as unknown,
          );
          if (result && typeof result === 'object' && 'evaluateError' in result) throw new Error(String(result.evaluateError));
          return result as never;
        },
        click: async (selector) => {
          await within(frame);
          await (await browser.$(selector)).click();
        },
        type: async (selector, text) => {
          await within(frame);
          await (await browser.$(selector)).addValue(text);
        },
        press: (key) => browser.action('key').down(WEBDRIVER_KEYS[key]).up(WEBDRIVER_KEYS[key]).perform(),
      });
      return {
        ...surface(null),
        goto: async (url) => {
          await within(null);
          await browser.url(url);
        },
        reload: async () => {
          await within(null);
          await browser.refresh();
        },
        url: () => browser.getUrl(),
        async frame(selector) {
          await within(null);
          await (await browser.$(selector)).waitForExist({ timeout: 15_000 });
          return surface(selector);
        },
        async screenshot(name) {
          await within(null);
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
      if (!driver.pid) return;
      if (profile) {
        // Deleting the session closed the shell's windows, so it quits; its network process (which
        // writes the storage) goes with it. Wait for both before taking the display away.
        const until = Date.now() + 15_000;
        while ((await processesInGroup(driver.pid)).some((name) => !WEBKIT_HOSTS.has(name)) && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      process.kill(-driver.pid, 'SIGTERM');
    },
  };
}
